package dev.jupyship.deploy.cluster.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the cluster refuses to create a run's pod, from the {@code FailedCreate} events the Job
 * controller records on the Job (it records nothing else: the Job stays without pods, and the run
 * would wait queued until its deadline).
 *
 * <p>The rule: a refusal that no retry can heal fails the run at once; any other fails it once the
 * Job controller has been refused for {@link #PERSISTENT} (its retries back off 1, 2, 4, 8, 16 s,
 * so about five attempts). Never healing: Pod Security admission and validation judge the
 * template, which the controller sends unchanged each time; a missing service account is a
 * platform set-up error. Possibly healing: an exceeded ResourceQuota (another run ends), a webhook
 * that timed out. The persistence is measured between the events' own timestamps (the controller's
 * clock), so the sidecar's clock does not matter.
 */
final class PodRefusal {

    static final String FAILED_CREATE = "FailedCreate";
    static final Duration PERSISTENT = Duration.ofSeconds(30);

    private PodRefusal() {
    }

    /** The run's failure, when the Job's events say its pod is refused for good; empty while it may still be made. */
    static Optional<PodProblem> judge(String jobName, List<Event> events) {
        List<Event> refusals = events.stream().filter(e -> FAILED_CREATE.equals(e.getReason()) && e.getInvolvedObject() != null
                && "Job".equals(e.getInvolvedObject().getKind()) && jobName.equals(e.getInvolvedObject().getName())).toList();
        if (refusals.isEmpty()) {
            return Optional.empty();
        }
        Event latest = refusals.stream().max(Comparator.comparing(PodRefusal::last)).orElseThrow();
        String message = message(latest);
        String hint = hint(message);
        if (hint != null) {
            return Optional.of(problem(message + "; " + hint));
        }
        Instant first = refusals.stream().map(PodRefusal::first).min(Comparator.naturalOrder()).orElseThrow();
        Duration refusedFor = Duration.between(first, last(latest));
        if (first.equals(Instant.EPOCH) || refusedFor.compareTo(PERSISTENT) < 0) {
            return Optional.empty();
        }
        String quota = message.contains("exceeded quota")
                ? "; the namespace's ResourceQuota is used up: deploy again when other runs have ended, or lower [cluster] cpu and memory" : "";
        return Optional.of(problem(message + " (still refused after " + refusedFor.toSeconds() + " s)" + quota));
    }

    private static PodProblem problem(String why) {
        return new PodProblem("cluster", "the cluster refused the run's pod: " + why, false, true);
    }

    /** What to change for a refusal that never heals, or null when the refusal may heal by itself. */
    private static String hint(String message) {
        if (message.contains("violates PodSecurity")) {
            return "the Job template ([cluster] job_template) must meet the namespace's Pod Security Standard";
        }
        if (message.contains("error looking up service account") || message.matches("(?s).*serviceaccounts? \".*\" not found.*")) {
            return "check [cluster] service_account, and that the platform team created that service account in the namespace";
        }
        if (message.contains(" is invalid")) {
            return "check the Job template ([cluster] job_template) and [cluster] cpu, memory and image";
        }
        return null;
    }

    /** The controller's message without its "Error creating: " (and the recorder's "combined") prefix. */
    private static String message(Event event) {
        String message = Objects.requireNonNullElse(event.getMessage(), "").strip();
        message = message.replaceFirst("^\\(combined from similar events\\): ", "");
        return message.replaceFirst("^Error creating: ", "");
    }

    private static Instant first(Event event) {
        return time(event.getFirstTimestamp(), event);
    }

    private static Instant last(Event event) {
        String observed = event.getSeries() == null || event.getSeries().getLastObservedTime() == null ? null
                : event.getSeries().getLastObservedTime().getTime();
        return time(observed != null ? observed : event.getLastTimestamp(), event);
    }

    /** core/v1 events carry first and last timestamps; events.k8s.io-style ones only eventTime (and a series). */
    private static Instant time(String preferred, Event event) {
        for (String text : new String[] {preferred, event.getEventTime() == null ? null : event.getEventTime().getTime(),
                event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp()}) {
            if (text != null && !text.isBlank()) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    // another field may hold a time
                }
            }
        }
        return Instant.EPOCH;
    }
}
