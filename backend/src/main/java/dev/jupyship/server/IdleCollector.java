package dev.jupyship.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
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
 *
 * <p>Under load the heap keeps the JVM's default headroom (40-70% free after a full collection): a
 * tighter one made a corpus lint collect its old generation three times a run. This one collection
 * shrinks it to 10-30% free (both are manageable flags), then gives the headroom back for the next
 * work.
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
            collectTightly();
        }
    }

    /** The heap's free share after the idle collection: as little as the work it may meet needs. */
    private static final String IDLE_MIN_FREE = "10";
    private static final String IDLE_MAX_FREE = "30";

    static void collectTightly() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = null;
        String max = null;
        try {
            min = vm.getVMOption("MinHeapFreeRatio").getValue();
            max = vm.getVMOption("MaxHeapFreeRatio").getValue();
            // Lower the minimum first: the JVM refuses a maximum below it.
            vm.setVMOption("MinHeapFreeRatio", IDLE_MIN_FREE);
            vm.setVMOption("MaxHeapFreeRatio", IDLE_MAX_FREE);
        } catch (RuntimeException notThisJvm) {
            // another JVM, or flags it does not let us change: collect with the headroom it has
        }
        System.gc();
        try {
            if (max != null) {
                vm.setVMOption("MaxHeapFreeRatio", max);
                vm.setVMOption("MinHeapFreeRatio", min);
            }
        } catch (RuntimeException notThisJvm) {
            // as above
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
