package dev.jupyship.deploy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Store reads done side by side: a remote store answers each in tens of milliseconds, so one after another adds up. */
final class InParallel {

    private static final int THREADS = 16;

    private InParallel() {
    }

    /** Runs the action on every item, a few at once when there are enough to be worth threads; returns when all are done. */
    static <T> void forEach(List<T> items, Consumer<T> action) {
        if (items.size() < 4) {
            items.forEach(action);
            return;
        }
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(THREADS, items.size()), task -> {
            Thread thread = new Thread(task, "store-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            items.forEach(item -> workers.execute(() -> action.accept(item)));
        } finally {
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
