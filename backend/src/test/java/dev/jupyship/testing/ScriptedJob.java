package dev.jupyship.testing;

import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunStatus;
import java.util.concurrent.CompletableFuture;

/** A job of a scripted cluster (deploy logic without papermill): its status, log and outcome are what the test sets. */
public final class ScriptedJob implements Job {
    public final JobSpec spec;
    public final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
    public volatile RunStatus status = RunStatus.QUEUED;
    public volatile String log;

    public ScriptedJob(JobSpec spec) {
        this.spec = spec;
        this.log = "log of " + spec.runId();
    }

    @Override
    public String runId() {
        return spec.runId();
    }

    @Override
    public RunStatus status() {
        return status;
    }

    @Override
    public String log(int maxBytes) {
        return log;
    }

    @Override
    public CompletableFuture<JobOutcome> outcome() {
        return outcome;
    }

    @Override
    public void cancel() {
        status = RunStatus.CANCELLED;
        outcome.complete(new JobOutcome(RunStatus.CANCELLED, RunFailure.of("cancelled", "cancelled"), null, null));
    }

    /** The job ends with the status (and failure), as its cluster would report it. */
    public void end(RunStatus finalStatus, RunFailure failure) {
        status = finalStatus;
        outcome.complete(new JobOutcome(finalStatus, failure, null, null));
    }
}
