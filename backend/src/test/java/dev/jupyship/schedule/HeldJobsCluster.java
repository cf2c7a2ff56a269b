package dev.jupyship.schedule;

import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cluster that takes jobs and keeps them queued: what the scheduler deployed, counted, without papermill. */
final class HeldJobsCluster implements BatchCluster {

    final List<JobSpec> submitted = new CopyOnWriteArrayList<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "held";
    }

    @Override
    public Job submit(JobSpec spec) {
        submitted.add(spec);
        CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        Job job = new Job() {
            @Override
            public String runId() {
                return spec.runId();
            }

            @Override
            public RunStatus status() {
                return outcome.isDone() ? RunStatus.CANCELLED : RunStatus.QUEUED;
            }

            @Override
            public String log(int maxBytes) {
                return "";
            }

            @Override
            public CompletableFuture<JobOutcome> outcome() {
                return outcome;
            }

            @Override
            public void cancel() {
                outcome.complete(new JobOutcome(RunStatus.CANCELLED, RunFailure.of("cancelled", "cancelled"), null, null));
            }
        };
        jobs.put(spec.runId(), job);
        return job;
    }

    @Override
    public Optional<Job> find(String runId) {
        return Optional.ofNullable(jobs.get(runId));
    }

    @Override
    public void close() {
    }
}
