package dev.jupyship.alerts;

import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunCompletion;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The team hears of what needs it: a run that failed or whose metrics broke its contract (as the run
 * ends: a {@link RunCompletion}), a run of this process taking longer than expected (checked
 * periodically, once per run), and, from the features that decide them, a run not promoted
 * ({@link #notPromoted}) and a schedule missed ({@link #scheduleMissed}). Events go to the configured
 * webhooks through a {@link WebhookSender}: queued, never waited for, at most once per event across the
 * processes sharing the store. {@link #attach} wires it to a deployer, which closes it.
 */
public final class Alerts implements RunCompletion, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Alerts.class.getName());
    /** The failure kind of a run whose metrics broke its contract's bounds. */
    static final String METRICS_FAILURE = "metrics";

    private final WebhookSender sender;
    private final AlertSettings settings;
    private final ScheduledExecutorService checks;

    /** Alerts that only send what they are told (no run is watched): for tests and for features that raise their own. */
    Alerts(AlertsConfig config, ArtifactStore store, AlertSettings settings) {
        this(config, store, settings, null);
    }

    private Alerts(AlertsConfig config, ArtifactStore store, AlertSettings settings, Deployer watched) {
        this.settings = settings;
        this.sender = new WebhookSender(config, store, settings);
        if (watched == null) {
            this.checks = null;
            return;
        }
        LongRuns longRuns = new LongRuns(watched, config);
        this.checks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "alerts-run-times");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.checkEvery().toMillis();
        checks.scheduleWithFixedDelay(() -> checkRunTimes(longRuns), every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The alerts the deployer's configuration file asks for ({@code [alerts]}), listening to its runs'
     * ends and watching their time; empty, with nothing started, when the file has no {@code [alerts]}.
     * A configuration that cannot work is refused ({@link dev.jupyship.errors.BadInput}).
     */
    public static Optional<Alerts> attach(Deployer deployer, Map<String, String> env) throws IOException {
        return AlertsConfig.load(deployer.config(), env).map(config -> attach(deployer, config));
    }

    /** Alerts that send only what they are told, with the default settings: for a process that follows no run (serving's). */
    public static Alerts sending(AlertsConfig config, ArtifactStore store) {
        return new Alerts(config, store, AlertSettings.defaults());
    }

    /** Alerts with the default settings, listening to the deployer's runs and closed with it. */
    public static Alerts attach(Deployer deployer, AlertsConfig config) {
        return attach(deployer, config, AlertSettings.defaults());
    }

    public static Alerts attach(Deployer deployer, AlertsConfig config, AlertSettings settings) {
        Alerts alerts = new Alerts(config, deployer.store(), settings, deployer);
        deployer.addCompletion(alerts);
        return alerts;
    }

    private void checkRunTimes(LongRuns longRuns) {
        try {
            longRuns.check(Instant.now(settings.clock())).forEach(sender::submit);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not check how long runs have taken; tried again in " + settings.checkEvery().toSeconds() + " s", e);
        }
    }

    /**
     * A run that ended failed: {@code run_failed}, or {@code metric_out_of_bounds} when its metrics broke
     * its contract; a succeeded run the promotion gate compared with a champion and did not promote:
     * {@code not_promoted} (a contract that gives no metric a direction is never promoted by itself,
     * which needs no one).
     */
    @Override
    public void stored(RunManifest ended) {
        Promotion promotion = ended.promotion();
        if (ended.status() == RunStatus.SUCCEEDED && promotion != null && promotion.decision() == Promotion.Decision.NOT_PROMOTED
                && promotion.champion() != null) {
            notPromoted(ended, promotion.reasons() == null ? List.of() : promotion.reasons());
            return;
        }
        if (ended.status() != RunStatus.FAILED) {
            return;
        }
        RunFailure failure = ended.failure();
        AlertKind kind = failure != null && METRICS_FAILURE.equals(failure.kind()) ? AlertKind.METRIC_OUT_OF_BOUNDS : AlertKind.RUN_FAILED;
        Map<String, Object> details = new LinkedHashMap<>();
        if (failure != null) {
            details.put("failure", failure.kind());
            if (failure.cell() != null) {
                details.put("cell", failure.cell() + 1);
            }
            if (failure.ename() != null) {
                details.put("exception", failure.ename());
            }
        }
        if (ended.metrics() != null && !ended.metrics().isEmpty()) {
            details.put("metrics", ended.metrics());
        }
        putRunFacts(details, ended);
        String why = failure == null ? "no reason was recorded" : failure.summary();
        String summary = ended.notebook() + " run " + ended.id() + (kind == AlertKind.METRIC_OUT_OF_BOUNDS
                ? " broke its contract's metric bounds: " : " failed: ") + why;
        raise(new AlertEvent(kind, kind.label() + ":" + ended.id(), ended.project(), ended.notebook(), ended.id(), summary, details,
                Instant.now(settings.clock())));
    }

    /** The promotion gate kept the champion: each reason the run was not promoted ("auc 0.81 is below the champion's 0.86 minus 0.02"). */
    public void notPromoted(RunManifest run, List<String> reasons) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reasons", List.copyOf(reasons));
        if (run.metrics() != null && !run.metrics().isEmpty()) {
            details.put("metrics", run.metrics());
        }
        putRunFacts(details, run);
        String summary = run.notebook() + " run " + run.id() + " was not promoted: "
                + (reasons.isEmpty() ? "the gate gave no reason" : String.join("; ", reasons));
        raise(new AlertEvent(AlertKind.NOT_PROMOTED, AlertKind.NOT_PROMOTED.label() + ":" + run.id(), run.project(), run.notebook(),
                run.id(), summary, details, Instant.now(settings.clock())));
    }

    /**
     * A scheduled run that did not start at its time.
     *
     * @param schedule the schedule's name (or id), unique within the project
     * @param due      when the run was due: with the schedule, what identifies the miss
     * @param why      "the sidecar was down", "the previous run was still running"
     */
    public void scheduleMissed(String project, String schedule, String notebook, Instant due, String why) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("schedule", schedule);
        details.put("due", due.toString());
        String summary = "schedule " + schedule + " of " + notebook + " missed its run due at " + due + ": " + why;
        raise(new AlertEvent(AlertKind.SCHEDULE_MISSED, AlertKind.SCHEDULE_MISSED.label() + ":" + schedule + ":" + due, project, notebook,
                null, summary, details, Instant.now(settings.clock())));
    }

    private static void putRunFacts(Map<String, Object> details, RunManifest run) {
        if (run.ref() != null) {
            details.put("ref", run.ref());
        }
        if (run.startedAt() != null) {
            details.put("startedAt", run.startedAt().toString());
        }
        if (run.finishedAt() != null) {
            details.put("finishedAt", run.finishedAt().toString());
        }
        if (run.startedOn() != null) {
            details.put("startedOn", run.startedOn());
        }
    }

    /** Queues the event for the webhooks that want it; true when queued (false: raised before, unwanted, or the queue is full). */
    public boolean raise(AlertEvent event) {
        return sender.submit(event);
    }

    /** Stops watching runs, then sends what is queued (waiting a bounded time) and stops. */
    @Override
    public void close() {
        if (checks != null) {
            checks.shutdownNow();
        }
        sender.close();
    }
}
