package dev.jupyship.deploy.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule that fails a run whose pod the cluster refuses: at once when no retry can heal it, after 30 s of refusals otherwise. */
class PodRefusalTest {

    private static final String JOB = "jupyship-20261207t000000z-aaaaaa";
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
    private static final String QUOTA = "Error creating: pods \"" + JOB + "-k2x9p\" is forbidden: exceeded quota: compute, requested: "
            + "limits.cpu=2, used: limits.cpu=7, limited: limits.cpu=8";

    private static Event event(String job, String reason, String message, Instant first, Instant last) {
        return new EventBuilder().withNewInvolvedObject().withKind("Job").withName(job).endInvolvedObject().withReason(reason)
                .withMessage(message).withFirstTimestamp(first.toString()).withLastTimestamp(last.toString()).build();
    }

    private static Optional<String> judged(Event... events) {
        return PodRefusal.judge(JOB, List.of(events)).map(problem -> {
            assertEquals("cluster", problem.kind());
            assertTrue(problem.ranNoCell());
            return problem.summary();
        });
    }

    @Test
    void refusalsNoRetryCanHealFailAtOnceWithWhatToChange() {
        assertEquals(Optional.of("the cluster refused the run's pod: pods \"p\" is forbidden: error looking up service account ml-dev/runner: "
                + "serviceaccount \"runner\" not found; check [cluster] service_account, and that the platform team created that service account "
                + "in the namespace"), judged(event(JOB, "FailedCreate", "Error creating: pods \"p\" is forbidden: error looking up service "
                + "account ml-dev/runner: serviceaccount \"runner\" not found", T0, T0)));
        assertEquals(Optional.of("the cluster refused the run's pod: pods \"p\" is forbidden: violates PodSecurity \"restricted:latest\": "
                + "runAsNonRoot != true; the Job template ([cluster] job_template) must meet the namespace's Pod Security Standard"),
                judged(event(JOB, "FailedCreate", "(combined from similar events): Error creating: pods \"p\" is forbidden: violates PodSecurity "
                        + "\"restricted:latest\": runAsNonRoot != true", T0, T0)));
    }

    @Test
    void aRefusalThatMayHealFailsOnlyOnceItHasLastedThirtySeconds() {
        assertEquals(Optional.empty(), judged(event(JOB, "FailedCreate", QUOTA, T0, T0.plusSeconds(29))));
        // Each retry may name another pod, so the recorder keeps separate events: the span runs from the first to the last.
        assertEquals(Optional.of("the cluster refused the run's pod: " + QUOTA.substring("Error creating: ".length())
                + " (still refused after 31 s); the namespace's ResourceQuota is used up: deploy again when other runs have ended, or lower "
                + "[cluster] cpu and memory"), judged(event(JOB, "FailedCreate", QUOTA, T0, T0.plusSeconds(15)),
                event(JOB, "FailedCreate", QUOTA, T0.plusSeconds(31), T0.plusSeconds(31))));
        Event webhook = new EventBuilder().withNewInvolvedObject().withKind("Job").withName(JOB).endInvolvedObject().withReason("FailedCreate")
                .withMessage("Error creating: Internal error occurred: failed calling webhook \"policy.example.com\": context deadline exceeded")
                .withEventTime(new MicroTime(T0.toString())).withNewSeries().withCount(6)
                .withLastObservedTime(new MicroTime(T0.plusSeconds(40).toString())).endSeries().build();
        assertTrue(judged(webhook).orElseThrow().endsWith("context deadline exceeded (still refused after 40 s)"), judged(webhook).toString());
    }

    @Test
    void otherJobsEventsAndOtherReasonsSayNothing() {
        assertEquals(Optional.empty(), judged(event("jupyship-other", "FailedCreate", "Error creating: violates PodSecurity", T0, T0),
                event(JOB, "SuccessfulCreate", "Created pod: " + JOB + "-k2x9p", T0, T0)));
        assertEquals(Optional.empty(), judged());
    }
}
