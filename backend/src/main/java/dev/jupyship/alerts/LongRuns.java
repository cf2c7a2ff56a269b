package dev.jupyship.alerts;

import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which of this process's runs in flight have been running longer than expected: longer than
 * {@code run_too_long_factor} times the median duration of the notebook's newest succeeded runs (at
 * least {@value #LEAST_HISTORY} of its {@value #HISTORY} newest), and never less than a minute; for a
 * notebook without that history, longer than {@code run_too_long_minutes} when it is set. A run is
 * timed from its start (time in the queue is the cluster's, not the notebook's).
 */
final class LongRuns {

    static final int HISTORY = 20;
    static final int LEAST_HISTORY = 3;
    private static final Duration LEAST_LIMIT = Duration.ofMinutes(1);
    /** How long a notebook's limit is kept before its history is read again. */
    private static final Duration LIMIT_KEPT = Duration.ofMinutes(10);

    private final Deployer deployer;
    private final AlertsConfig config;
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();

    private record Limit(Optional<Duration> limit, String basis, Instant readAt) {
    }

    LongRuns(Deployer deployer, AlertsConfig config) {
        this.deployer = deployer;
        this.config = config;
    }

    /** An event for each run in flight here past its limit (raised again on each check; the sender keeps the first). */
    List<AlertEvent> check(Instant now) throws IOException {
        List<AlertEvent> events = new ArrayList<>();
        for (RunManifest run : deployer.following()) {
            if (run.status() != RunStatus.RUNNING || run.startedAt() == null) {
                continue;
            }
            Duration taken = Duration.between(run.startedAt(), now);
            Limit limit = limit(run.notebook(), now);
            if (limit.limit().isPresent() && taken.compareTo(limit.limit().get()) > 0) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("runningMinutes", taken.toMinutes());
                details.put("limitMinutes", limit.limit().get().toMinutes());
                details.put("limit", limit.basis());
                details.put("startedAt", run.startedAt().toString());
                events.add(new AlertEvent(AlertKind.RUN_TOO_LONG, AlertKind.RUN_TOO_LONG.label() + ":" + run.id(), run.project(),
                        run.notebook(), run.id(), run.notebook() + " run " + run.id() + " has been running for " + minutes(taken)
                        + ", longer than " + limit.basis(), details, now));
            }
        }
        return events;
    }

    private Limit limit(String notebook, Instant now) throws IOException {
        Limit known = limits.get(notebook);
        if (known != null && known.readAt().plus(LIMIT_KEPT).isAfter(now)) {
            return known;
        }
        List<Duration> durations = new ArrayList<>();
        for (RunManifest run : deployer.page(notebook, RunStatus.SUCCEEDED, null, HISTORY).runs()) {
            if (run.startedAt() != null && run.finishedAt() != null) {
                durations.add(Duration.between(run.startedAt(), run.finishedAt()));
            }
        }
        Limit limit;
        if (durations.size() >= LEAST_HISTORY) {
            Duration median = median(durations);
            Duration scaled = Duration.ofMillis((long) (median.toMillis() * config.runTooLongFactor()));
            Duration effective = scaled.compareTo(LEAST_LIMIT) < 0 ? LEAST_LIMIT : scaled;
            limit = new Limit(Optional.of(effective), minutes(effective) + " (" + config.runTooLongFactor() + " × the median "
                    + minutes(median) + " of its last " + durations.size() + " succeeded runs)", now);
        } else if (config.runTooLongMinutes() != null) {
            Duration fixed = Duration.ofMinutes(config.runTooLongMinutes());
            limit = new Limit(Optional.of(fixed), minutes(fixed) + " (run_too_long_minutes)", now);
        } else {
            limit = new Limit(Optional.empty(), "", now);
        }
        limits.put(notebook, limit);
        return limit;
    }

    static Duration median(List<Duration> durations) {
        List<Duration> sorted = durations.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    /** "1 h 5 min", "12 min", "40 s". */
    static String minutes(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        return hours > 0 ? hours + " h " + minutes + " min" : minutes + " min";
    }
}
