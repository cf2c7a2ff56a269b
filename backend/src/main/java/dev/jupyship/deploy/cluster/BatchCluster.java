package dev.jupyship.deploy.cluster;

import dev.jupyship.errors.DomainError;
import java.io.IOException;
import java.util.Optional;

/**
 * Where runs execute: the local runner (the default, papermill in subprocesses of the sidecar) or
 * a Kubernetes namespace ({@code kubernetes/}). Chosen by configuration; {@code BatchClusterContract}
 * is the test suite every implementation passes.
 */
public interface BatchCluster extends AutoCloseable {

    /** {@code local}, {@code kubernetes}: recorded in each run's manifest. */
    String name();

    /**
     * Accepts a job and answers at once (queued); {@link ClusterException} when the cluster refuses
     * it (quota, forbidden, no namespace).
     */
    Job submit(JobSpec spec) throws IOException;

    /**
     * A job of this cluster, still known to it: the local runner finds a run again from the folder
     * a stopped sidecar left (still running under its guard, or ended meanwhile), a Kubernetes Job is found again by its run label after a sidecar restart. An
     * {@link java.io.UncheckedIOException} when the cluster could not be asked: that is not "gone".
     */
    Optional<Job> find(String runId);

    /**
     * How a job this cluster no longer has ended, read from what it left in the store: a
     * Kubernetes Job is removed a while after it ends ({@code ttlSecondsAfterFinished}) while the
     * executed notebook and outputs its pod wrote stay. Empty when that does not tell (the job
     * stopped mid-way, or the local runner, whose outputs reach the store only through the sidecar).
     */
    default Optional<JobOutcome> endedInStore(String storePrefix) {
        return Optional.empty();
    }

    /** Runs whose working folder this cluster keeps on this machine (the local runner's) though nothing runs them any more. */
    default java.util.Set<String> leftovers() {
        return java.util.Set.of();
    }

    /** The job's outputs are stored: what it left on this machine goes (the local runner's folder). */
    default void release(String runId) {
    }

    /**
     * Stops taking jobs; the local runner stops the ones in flight (they end failed, interrupted by
     * shutdown, once recorded), Kubernetes Jobs run on for a later sidecar.
     */
    @Override
    void close();

    /**
     * The cluster refused a job (or a schedule's timer), with the reason in the user's terms and its
     * kind: a cluster that cannot be reached or is shutting down may answer later; one that forbids,
     * finds it invalid or has it already will not.
     */
    final class ClusterException extends IOException implements DomainError {
        private static final long serialVersionUID = 1L;
        private final Kind kind;

        public ClusterException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        @Override
        public Kind kind() {
            return kind;
        }
    }
}
