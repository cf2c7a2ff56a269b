package dev.jupyship.deploy;

import dev.jupyship.errors.Unavailable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sidecar's deployer, opened off the start path: reading every run in a bucket, or reaching a
 * Kubernetes API, can take long or fail for a while, and lint, snippets and export must not wait
 * for it or fall with it. Until it is open the deploy routes answer 503 with the reason; an open
 * that fails is tried again.
 */
public final class DeployerSlot implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeployerSlot.class.getName());
    private final Callable<Deployer> opener;
    /** Between attempts at opening. */
    private final long retryMillis;
    private final ScheduledExecutorService attempts;
    private volatile Deployer deployer;
    private volatile String problem = "the runs in the artifact store are being read";
    private boolean closed;
    private boolean attempted;

    private DeployerSlot(Duration retry, Callable<Deployer> opener, ScheduledExecutorService attempts) {
        this.retryMillis = retry.toMillis();
        this.opener = opener;
        this.attempts = attempts;
    }

    /** Starts opening in the background at once; an attempt that fails is made again after {@code retry}. */
    public static DeployerSlot opening(Duration retry, Callable<Deployer> opener) {
        ScheduledExecutorService attempts = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "deployer-open");
            thread.setDaemon(true);
            return thread;
        });
        DeployerSlot slot = new DeployerSlot(retry, opener, attempts);
        attempts.execute(slot::attempt);
        return slot;
    }

    private void attempt() {
        Deployer opened;
        try {
            opened = opener.call();
        } catch (Exception e) {
            String why = Objects.toString(e.getMessage(), e.getClass().getSimpleName());
            problem = "the runs' store or cluster could not be opened (" + why + "); trying again every " + retryMillis / 1000 + " s";
            LOG.log(Level.WARNING, "deploy is unavailable: " + why, e);
            synchronized (this) {
                attempted = true;
                notifyAll();
                if (!closed) {
                    attempts.schedule(this::attempt, retryMillis, TimeUnit.MILLISECONDS);
                }
            }
            return;
        }
        synchronized (this) {
            if (closed) {
                opened.close();
                return;
            }
            deployer = opened;
            attempted = true;
            notifyAll();
        }
    }

    /** The deployer; {@link Unavailable}, saying why, while it is not open. */
    public Deployer get() {
        Deployer ready = deployer;
        if (ready == null) {
            throw new Unavailable("deploy is not available yet: " + problem);
        }
        return ready;
    }

    /**
     * Waits up to the limit for the first attempt at opening to end: a quick local store is ready
     * before the first request, and a failure is known at once. Answers whether the deployer is open.
     */
    public synchronized boolean awaitFirstAttempt(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!attempted && !closed) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return deployer != null;
    }

    @Override
    public void close() {
        Deployer open;
        synchronized (this) {
            closed = true;
            open = deployer;
            notifyAll();
        }
        attempts.shutdownNow();
        if (open != null) {
            open.close();
        }
    }
}
