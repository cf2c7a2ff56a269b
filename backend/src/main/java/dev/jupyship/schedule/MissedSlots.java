package dev.jupyship.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * A schedule's slots that did not run at their time: the scheduler was down (or behind) and runs only
 * the newest of them, late, never a burst.
 *
 * @param schedule     the schedule
 * @param ranLate      the newest slot, run now
 * @param late         how late it runs
 * @param skipped      how many older slots were skipped, not run (at most {@link #COUNTED}; more reads "at least")
 * @param firstSkipped the oldest skipped slot, or null when none was skipped
 */
public record MissedSlots(Schedule schedule, Instant ranLate, Duration late, int skipped, Instant firstSkipped) {

    /** Skipped slots are counted up to this many. */
    public static final int COUNTED = 1000;

    /** One line for a person: what was missed and what happens now. */
    public String describe() {
        String what = "schedule " + schedule.id() + " (" + schedule.notebook() + ", '" + schedule.cron() + "' " + schedule.timeZone() + ")";
        String skippedText = skipped == 0 ? "" : (skipped >= COUNTED ? "at least " : "") + skipped + " earlier run" + (skipped == 1 ? "" : "s")
                + " (from " + firstSkipped + ") skipped; ";
        return what + " missed its run of " + ranLate + " by " + late.toMinutes() + " min while no scheduler was running: " + skippedText
                + "the run of " + ranLate + " starts now";
    }
}
