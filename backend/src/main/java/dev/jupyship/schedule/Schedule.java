package dev.jupyship.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A notebook registered to run on a cron schedule, as {@code schedules/<project>/<id>.json} in the
 * runs' store records it: what to run, when, and what the scheduler last did with it.
 *
 * @param id           {@code <notebook's name>-<6 hex>}, a DNS label (a Kubernetes CronJob can bear it)
 * @param project      the project its runs go under, as a deploy's
 * @param notebook     the notebook's path in the workspace
 * @param cron         five fields, as {@link CronSchedule} reads them
 * @param timeZone     the zone the cron fields are read in ({@code UTC} unless given)
 * @param parameters   papermill parameters, checked against the notebook's contract when added
 * @param ref          a git revision: a commit pins it, a branch is resolved at each run (the run records the
 *                     commit it got); null for the working tree
 * @param paused       a paused schedule starts nothing, and its slots while paused are not missed
 * @param createdBy    who added it
 * @param createdAt    when
 * @param coveredUntil slots up to this time are dealt with (run, claimed by another sidecar, or passed while paused);
 *                     null: none since {@code createdAt}
 * @param lastSlot     the slot of its last run
 * @param lastRun      the id of its last run (scheduled or "run now")
 * @param lastProblem  why its last run could not be started, when it could not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Schedule(String id, String project, String notebook, String cron, String timeZone, Map<String, Object> parameters,
                       String ref, boolean paused, String createdBy, Instant createdAt, Instant coveredUntil, Instant lastSlot,
                       String lastRun, String lastProblem) {

    public Schedule {
        parameters = parameters == null ? Map.of() : parameters;
    }

    /** The cron expression in its zone. */
    public CronSchedule times() {
        return CronSchedule.parse(cron, timeZone);
    }

    /** Slots after this time are its to run. */
    Instant watermark() {
        return coveredUntil != null && coveredUntil.isAfter(createdAt) ? coveredUntil : createdAt;
    }

    Schedule paused(boolean pause, Instant at) {
        // slots that pass while paused are skipped, not missed: resuming starts from now
        return new Schedule(id, project, notebook, cron, timeZone, parameters, ref, pause, createdBy, createdAt,
                pause ? coveredUntil : later(coveredUntil, at), lastSlot, lastRun, lastProblem);
    }

    Schedule covered(Instant slot) {
        return new Schedule(id, project, notebook, cron, timeZone, parameters, ref, paused, createdBy, createdAt, later(coveredUntil, slot),
                lastSlot, lastRun, lastProblem);
    }

    /** Its run for a slot (null for "run now") started: {@code run} is the run's id, or null with the problem that stopped it. */
    Schedule ran(Instant slot, String run, String problem) {
        return new Schedule(id, project, notebook, cron, timeZone, parameters, ref, paused, createdBy, createdAt,
                slot == null ? coveredUntil : later(coveredUntil, slot), slot == null ? lastSlot : slot, run != null ? run : lastRun, problem);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
