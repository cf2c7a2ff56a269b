package dev.jupyship.deploy.cluster;

import java.util.concurrent.CompletableFuture;

/** A job a cluster has accepted. */
public interface Job {

    String runId();

    /** queued or running while in flight, then its final status. */
    RunStatus status();

    /** The log so far (papermill's output), the last {@code maxBytes} of it. */
    String log(int maxBytes);

    /** Completes once, when the job has ended; the job's own problems are in the outcome, never thrown. */
    CompletableFuture<JobOutcome> outcome();

    /** Stops it, queued or running; the outcome then says cancelled. */
    void cancel();
}
