package dev.jupyship.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test sets: schedules' times without waiting for them. */
final class SettableClock extends Clock {

    private volatile Instant now;

    SettableClock(String iso) {
        this.now = Instant.parse(iso);
    }

    void set(String iso) {
        now = Instant.parse(iso);
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
