package dev.jupyship.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Collects garbage once when the sidecar goes quiet after work. The serial collector the launcher
 * picks shrinks the heap, and gives the memory back to the pod, only on a full collection, which a
 * quiet sidecar would otherwise never make: without this, the peak of a lint burst stays taken
 * from the user's kernels for as long as the pod lives.
 */
final class IdleCollector implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "jupyship-idle-gc");
        thread.setDaemon(true);
        return thread;
    });
    private final LongSupplier workStarted;
    private long seen;
    private boolean worked;

    /**
     * @param workStarted a count of requests taken, which grows with work
     * @param quiet       how long without a new request counts as quiet
     */
    IdleCollector(LongSupplier workStarted, Duration quiet) {
        this.workStarted = workStarted;
        this.seen = workStarted.getAsLong();
        timer.scheduleWithFixedDelay(this::check, quiet.toMillis(), quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        long now = workStarted.getAsLong();
        if (now != seen) {
            seen = now;
            worked = true;
        } else if (worked) {
            worked = false;
            System.gc();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
