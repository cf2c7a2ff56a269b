package dev.jupyship.api;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for one kind of request, with a bound on how many run or wait: past it a request is
 * refused at once (503 with Retry-After) instead of joining a queue that only grows.
 */
public final class WorkPool implements AutoCloseable {

    private final ThreadPoolExecutor threads;
    private final int capacity;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong admitted = new java.util.concurrent.atomic.AtomicLong();

    public WorkPool(String name, int threads, int capacity) {
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), work -> {
            Thread thread = new Thread(work, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Idle threads go away, and their stacks with them.
        this.threads.allowCoreThreadTimeOut(true);
        this.capacity = capacity;
    }

    /** Takes a place, or false when the pool is full. Every place taken is given back by {@link #release}. */
    boolean tryAdmit() {
        while (true) {
            int now = inFlight.get();
            if (now >= capacity) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                admitted.incrementAndGet();
                return true;
            }
        }
    }

    void release() {
        inFlight.decrementAndGet();
    }

    Executor executor() {
        return threads;
    }

    /** Requests ever admitted here. */
    public long admitted() {
        return admitted.get();
    }

    /** Requests running or waiting here now. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
