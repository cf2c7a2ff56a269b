package dev.jupyship.alerts;

import java.time.Clock;
import java.time.Duration;

/**
 * How alerts are delivered and checked, beyond what the configuration file says: the sidecar's
 * defaults, and shorter waits for tests.
 *
 * @param firstBackoff  the wait after a first failed try; doubled after each further one
 * @param maxBackoff    the longest wait between tries (a {@code Retry-After} is honoured up to it)
 * @param closeWait     how long closing waits for alerts still queued or being retried
 * @param checkEvery    how often runs in flight are checked for taking too long
 * @param queueCapacity alerts waiting to be sent at most; beyond, new ones are dropped with a warning, never waited for
 * @param clock         what "now" is, for how long a run has taken
 */
public record AlertSettings(Duration firstBackoff, Duration maxBackoff, Duration closeWait, Duration checkEvery, int queueCapacity,
                            Clock clock) {

    public static AlertSettings defaults() {
        return new AlertSettings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(1), 1000,
                Clock.systemUTC());
    }

    public AlertSettings withBackoff(Duration first, Duration most) {
        return new AlertSettings(first, most, closeWait, checkEvery, queueCapacity, clock);
    }

    public AlertSettings withChecks(Duration every, Clock now) {
        return new AlertSettings(firstBackoff, maxBackoff, closeWait, every, queueCapacity, now);
    }

    /** The wait before try {@code attempt + 1} (attempt counted from 1): doubling, at most {@link #maxBackoff}. */
    Duration backoff(int attempt) {
        long millis = firstBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
