package dev.jupyship.deploy;

import java.time.Duration;

/**
 * The deploy core's timing and bounds, given to its constructors beside the {@link java.time.Clock}:
 * the defaults are the sidecar's; tests pass shorter ones instead of changing globals.
 *
 * @param uploadAttempts  attempts at storing a finished run's outputs
 * @param uploadBackoff   the wait after the first failed attempt, growing linearly
 * @param rescan          how often runs other processes have in flight are read again, and how stale one notebook's runs may be
 *                        when someone lists them
 * @param fullRescan      how often this machine's runs in flight are listed again from the store's in-flight index (the runs a
 *                        stopped CLI on this machine left), a listing as long as this machine's runs in flight
 * @param maxUnstored     at most this many runs' outputs are kept on this machine while the store refuses them; the oldest go first
 * @param openRetry       between attempts at opening the sidecar's deployer
 * @param storeAttempts   how many times a request GCS may have missed is sent
 * @param closeWait       how long closing the local cluster waits for the runs it stops to be recorded (within a pod's 30 s grace)
 */
public record DeploySettings(int uploadAttempts, Duration uploadBackoff, Duration rescan, Duration fullRescan, int maxUnstored,
                             Duration openRetry, int storeAttempts, Duration closeWait) {

    public static DeploySettings defaults() {
        return new DeploySettings(3, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(1), 5, Duration.ofSeconds(30), 6,
                Duration.ofSeconds(20));
    }

    public DeploySettings withUploadBackoff(Duration backoff) {
        return new DeploySettings(uploadAttempts, backoff, rescan, fullRescan, maxUnstored, openRetry, storeAttempts, closeWait);
    }

    public DeploySettings withRescan(Duration period) {
        return new DeploySettings(uploadAttempts, uploadBackoff, period, fullRescan, maxUnstored, openRetry, storeAttempts, closeWait);
    }

    public DeploySettings withOpenRetry(Duration period) {
        return new DeploySettings(uploadAttempts, uploadBackoff, rescan, fullRescan, maxUnstored, period, storeAttempts, closeWait);
    }
}
