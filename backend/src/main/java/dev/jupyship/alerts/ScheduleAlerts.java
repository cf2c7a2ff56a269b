package dev.jupyship.alerts;

import dev.jupyship.schedule.MissedSlots;
import dev.jupyship.schedule.Schedule;
import dev.jupyship.schedule.ScheduleListener;
import java.time.Clock;
import java.time.Instant;

/**
 * What the scheduler could not do as planned, as {@code schedule_missed} alerts: slots that passed
 * while no scheduler ran, and a slot whose run could not be started (the gate refused, the notebook
 * is gone). The scheduler tells only the sidecar that claimed the slot, so each is alerted once.
 */
public final class ScheduleAlerts implements ScheduleListener {

    private final Alerts alerts;
    private final Clock clock;

    public ScheduleAlerts(Alerts alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void missed(MissedSlots missed) {
        Schedule schedule = missed.schedule();
        alerts.scheduleMissed(schedule.project(), schedule.id(), schedule.notebook(), missed.ranLate(),
                "no scheduler was running" + (missed.skipped() == 0 ? "" : "; " + (missed.skipped() >= MissedSlots.COUNTED ? "at least " : "")
                        + missed.skipped() + " earlier run" + (missed.skipped() == 1 ? " was" : "s were") + " skipped")
                        + "; it runs now, " + missed.late().toMinutes() + " min late");
    }

    @Override
    public void notStarted(Schedule schedule, Instant slot, String reason) {
        alerts.scheduleMissed(schedule.project(), schedule.id(), schedule.notebook(), slot != null ? slot : clock.instant(),
                "its run could not be started: " + reason);
    }
}
