package dev.jupyship.schedule;

import dev.jupyship.deploy.Deployer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scheduler of the embedded default: the sidecar runs its project's due schedules itself, on a
 * daemon thread that looks every {@link #TICK}. It lists the schedules in the store every
 * {@link #REREAD} (so one added from the CLI, or by another sidecar, is seen within that; a listing is
 * a paid request on a bucket, and cron's resolution is a minute) and, for each that is not paused,
 * runs its newest slot that is due and not yet dealt with, after reading that schedule again (a pause
 * or a run by another sidecar counts at once).
 *
 * <p>Runs missed while no scheduler ran: a schedule whose slots passed meanwhile runs once, for the
 * newest of them, never a burst, and the miss is told to the {@link ScheduleListener}s (a slot started
 * more than {@link #LATE} after its time counts as missed too). Two sidecars over one store: each slot
 * is claimed in the store by compare-and-set before its run is deployed, so exactly one starts it.
 */
public final class EmbeddedScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedScheduler.class.getName());
    /** How often the scheduler looks: cron's resolution is a minute. */
    public static final Duration TICK = Duration.ofSeconds(5);
    /** A slot started later than this after its time was missed (the sidecar was down, or asleep). */
    static final Duration LATE = Duration.ofMinutes(2);
    /** How often the list of schedules is read again; well within {@link #LATE}, so a schedule seen late still runs on time. */
    static final Duration REREAD = Duration.ofSeconds(30);

    private final Schedules schedules;
    private final String claimant;
    private ScheduledExecutorService thread;
    private boolean closed;
    /** The schedules as last listed, and when (by the schedules' clock); touched by the ticking thread only. */
    private java.util.List<Schedule> listed = java.util.List.of();
    private Instant listedAt;
    /** Failures in a row: the first is a warning, the rest are quiet until one look succeeds. */
    private int failing;

    public EmbeddedScheduler(Schedules schedules) {
        this.schedules = schedules;
        this.claimant = Deployer.user() + "@" + ManagementFactory.getRuntimeMXBean().getName();
    }

    /** Starts looking every {@code tick} on a daemon thread; once closed, it never starts. */
    public synchronized EmbeddedScheduler start(Duration tick) {
        if (thread == null && !closed) {
            thread = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread daemon = new Thread(task, "embedded-scheduler");
                daemon.setDaemon(true);
                return daemon;
            });
            thread.scheduleWithFixedDelay(this::tickQuietly, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void tickQuietly() {
        try {
            tick();
            failing = 0;
        } catch (IOException | RuntimeException e) {
            LOG.log(failing++ == 0 ? Level.WARNING : Level.FINE,
                    "the scheduler could not read the schedules; it tries again every " + TICK.toSeconds() + " s: " + e.getMessage());
        }
    }

    /** One look: starts the runs that are due. Answers how many it started (tests call it with their own clock). */
    public synchronized int tick() throws IOException {
        if (schedules.firedByCluster()) {
            return 0; // the cluster's timers fire them; a second firing here would only lose the claim race
        }
        int started = 0;
        Instant now = schedules.clock().instant();
        if (listedAt == null || !now.isBefore(listedAt.plus(REREAD)) || now.isBefore(listedAt)) {
            listed = schedules.store().list();
            listedAt = now;
        }
        for (Schedule seen : listed) {
            try {
                if (seen.paused() || due(seen, now).isEmpty()) {
                    continue;
                }
                Optional<Schedule> fresh = schedules.store().find(seen.id());
                if (fresh.isPresent() && !fresh.get().paused() && runIfDue(fresh.get(), now)) {
                    started++;
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "schedule " + seen.id() + " was not looked at: " + e.getMessage());
            }
        }
        return started;
    }

    /** The schedule's newest slot at or before now that it has not dealt with. */
    private static Optional<Instant> due(Schedule schedule, Instant now) {
        Instant watermark = schedule.watermark();
        return schedule.times().latestAtOrBefore(now).filter(slot -> slot.isAfter(watermark));
    }

    private boolean runIfDue(Schedule schedule, Instant now) throws IOException {
        Optional<Instant> due = due(schedule, now);
        if (due.isEmpty()) {
            return false;
        }
        CronSchedule times = schedule.times();
        Instant watermark = schedule.watermark();
        Instant slot = due.get();
        int skipped = 0;
        Instant firstSkipped = null;
        for (Instant at = times.next(watermark).orElse(slot); at.isBefore(slot) && skipped < MissedSlots.COUNTED;
                at = times.next(at).orElse(slot)) {
            firstSkipped = firstSkipped == null ? at : firstSkipped;
            skipped++;
        }
        Duration late = Duration.between(slot, now);
        MissedSlots missed = skipped > 0 || late.compareTo(LATE) > 0 ? new MissedSlots(schedule, slot, late, skipped, firstSkipped) : null;
        boolean claimed = schedules.runSlot(schedule, slot, missed, claimant).isPresent();
        if (!claimed) {
            schedules.cover(schedule, slot);
        }
        return claimed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
