package dev.jupyship.schedule;

import java.io.IOException;

/**
 * A cluster that fires schedules itself (Kubernetes CronJobs), so they run with no sidecar up: each
 * schedule is made there when added, kept in step when paused or resumed, and removed with it. Its
 * timer runs {@code jupyship schedule fire ID} ({@link Schedules#fire}). Without one, the sidecar's
 * {@link EmbeddedScheduler} fires them.
 */
public interface ScheduleTarget {

    /** Makes the cluster's timer of the schedule match it: created, or updated (paused or not). */
    void put(Schedule schedule) throws IOException;

    /** Removes the schedule's timer; nothing when there is none. */
    void remove(String id) throws IOException;
}
