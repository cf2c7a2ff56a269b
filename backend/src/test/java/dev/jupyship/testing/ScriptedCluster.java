package dev.jupyship.testing;

import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobSpec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster whose jobs ({@link ScriptedJob}) start and end when the test says: deploy logic (and what
 * is built on a run's end) without papermill. {@link #unreachable} makes it fail as an API server that
 * does not answer.
 */
public class ScriptedCluster implements BatchCluster {
    public final Map<String, ScriptedJob> jobs = new ConcurrentHashMap<>();
    public volatile boolean unreachable;

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public Job submit(JobSpec spec) {
        ScriptedJob job = new ScriptedJob(spec);
        jobs.put(spec.runId(), job);
        return job;
    }

    @Override
    public Optional<Job> find(String runId) {
        if (unreachable) {
            throw new java.io.UncheckedIOException(new ClusterException(dev.jupyship.errors.DomainError.Kind.UNAVAILABLE, "the API server did not answer"));
        }
        return Optional.ofNullable(jobs.get(runId));
    }

    @Override
    public void close() {
    }
}
