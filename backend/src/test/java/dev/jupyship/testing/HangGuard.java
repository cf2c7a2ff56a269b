package dev.jupyship.testing;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests that are bounded only against a hang: the limit is far beyond what the awaited thing
 * takes even on a loaded machine, so reaching it means it never comes, and the failure says what was
 * awaited. How long things take is for bench/, not for a test's limit.
 */
public final class HangGuard {

    public static final Duration LIMIT = Duration.ofSeconds(120);

    private HangGuard() {
    }

    /** Returns once the condition holds; fails naming what was awaited when it has not within {@link #LIMIT}. */
    public static void until(String awaited, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + LIMIT.toSeconds() + " s: " + awaited);
            }
            Thread.sleep(10);
        }
    }

    /** The future's result; fails naming what was awaited when it has not come within {@link #LIMIT}. */
    public static <T> T result(String awaited, Future<T> future) throws InterruptedException, ExecutionException {
        try {
            return future.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not within " + LIMIT.toSeconds() + " s: " + awaited, e);
        }
    }
}
