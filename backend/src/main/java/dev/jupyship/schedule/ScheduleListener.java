package dev.jupyship.schedule;

import java.time.Instant;

/**
 * Hears what the scheduler could not do as planned: what alerts are made of. Called on the
 * scheduler's thread, once per event and only by the sidecar that claimed the slot (two sidecars
 * sharing a store report an event once); a listener that throws is logged and the scheduler goes on.
 */
public interface ScheduleListener {

    /** Slots passed while no scheduler ran (or it was late); the newest of them is being run now. */
    default void missed(MissedSlots missed) {
    }

    /** The run of a slot (null: a "run now") could not be started, and why (the gate refused, the notebook is gone, the cluster refused). */
    default void notStarted(Schedule schedule, Instant slot, String reason) {
    }
}
