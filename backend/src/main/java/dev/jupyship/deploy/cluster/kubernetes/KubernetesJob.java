package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.run.CappedLog;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run's batch Job, followed through the cluster's informers: each change of the Job or of its
 * pods is read into a {@link JobState}; the outcome completes once, when the Job reaches a final
 * condition (or is deleted), with the failure read from the pod and the executed notebook.
 */
final class KubernetesJob implements Job {

    private static final Logger LOG = Logger.getLogger(KubernetesJob.class.getName());

    private final KubernetesBatchCluster cluster;
    private final String runId;
    private final String name;
    private final String storePrefix;
    private final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
    private final long followedSince = System.nanoTime();
    private volatile RunStatus status = RunStatus.QUEUED;
    private volatile List<Pod> pods = List.of();
    /** The outcome is decided (or being read): later views change nothing. */
    private boolean ending;
    /** This sidecar is deleting the Job: its disappearance is the cancel, not someone else's doing. */
    private boolean cancelling;

    KubernetesJob(KubernetesBatchCluster cluster, String runId, String name, String storePrefix) {
        this.cluster = cluster;
        this.runId = runId;
        this.name = name;
        this.storePrefix = storePrefix;
    }

    @Override
    public String runId() {
        return runId;
    }

    String name() {
        return name;
    }

    @Override
    public RunStatus status() {
        return status;
    }

    /** A new view of the Job (null once it is deleted) and its pods, from the informers or the API. */
    void observe(io.fabric8.kubernetes.api.model.batch.v1.Job job, List<Pod> jobPods) {
        PodProblem deleted = null;
        JobState state = null;
        synchronized (this) {
            if (ending) {
                return;
            }
            pods = jobPods;
            if (job == null) {
                if (cancelling) {
                    return;
                }
                deleted = new PodProblem("cancelled", "the Job " + name + " was deleted in the cluster before it ended", false, false);
                ending = true;
            } else {
                state = JobState.of(job, jobPods);
                if (!state.status().isFinal()) {
                    status = state.status();
                    return;
                }
                ending = true;
            }
        }
        if (deleted != null) {
            PodProblem why = deleted;
            cluster.background(() -> end(RunStatus.CANCELLED, StoredNotebookFailure.explain(why, cluster.store(), storePrefix)));
            return;
        }
        JobState last = state;
        cluster.background(() -> {
            if (last.stuck()) {
                // A pod that can never start keeps its Job alive until the deadline: end it now, with the reason.
                deleteEnded();
            }
            end(last.status(), last.problem() == null ? null : StoredNotebookFailure.explain(last.problem(), cluster.store(), storePrefix));
        });
    }

    /**
     * A view of another machine's run, which that machine follows: its state and pods as they are
     * now, for its log or a cancel. Nothing here ends it or records it; its outcome stays open.
     */
    synchronized void view(io.fabric8.kubernetes.api.model.batch.v1.Job job, List<Pod> jobPods) {
        pods = jobPods;
        status = JobState.of(job, jobPods).status();
    }

    /** Queued with no pod for at least {@code grace}: the Job controller may be being refused the pod (see {@link PodRefusal}). */
    synchronized boolean awaitingPod(Duration grace) {
        return !ending && !cancelling && pods.isEmpty() && status == RunStatus.QUEUED && System.nanoTime() - followedSince >= grace.toNanos();
    }

    /** The cluster refuses the run's pod for good: the Job would wait, podless, until its deadline; end it now, with the reason. */
    void refused(PodProblem problem) {
        synchronized (this) {
            if (ending) {
                return;
            }
            ending = true;
        }
        deleteEnded();
        end(RunStatus.FAILED, StoredNotebookFailure.explain(problem, cluster.store(), storePrefix));
    }

    /** Deletes the Job of a run that has ended anyway: a failure to delete is logged, the outcome stands. */
    private void deleteEnded() {
        try {
            delete();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "run " + runId + " ended, but its Job could not be deleted", e);
        }
    }

    private void end(RunStatus finalStatus, RunFailure failure) {
        status = finalStatus;
        // executed.ipynb and artifacts/ are in the store already: the pod wrote them there.
        outcome.complete(new JobOutcome(finalStatus, failure, null, null));
    }

    @Override
    public String log(int maxBytes) {
        Pod pod = JobState.newest(pods);
        if (pod == null) {
            return "";
        }
        try {
            String log = cluster.client().pods().inNamespace(cluster.namespace()).withName(pod.getMetadata().getName()).getLog();
            return CappedLog.tail(log == null ? "" : log, maxBytes);
        } catch (KubernetesClientException e) {
            return "(the log of pod " + pod.getMetadata().getName() + " could not be read: " + e.getMessage() + ")\n";
        }
    }

    @Override
    public CompletableFuture<JobOutcome> outcome() {
        return outcome;
    }

    /** Deletes the Job and, in the background, its pods: the outcome says cancelled at once. */
    @Override
    public void cancel() {
        synchronized (this) {
            if (ending) {
                return;
            }
            cancelling = true;
        }
        try {
            delete();
        } catch (RuntimeException e) {
            synchronized (this) {
                cancelling = false;
            }
            throw e;
        }
        synchronized (this) {
            if (ending) {
                return;
            }
            ending = true;
        }
        end(RunStatus.CANCELLED, RunFailure.of("cancelled", "cancelled: the Job " + name + " and its pod were deleted"));
    }

    private void delete() {
        try {
            cluster.client().batch().v1().jobs().inNamespace(cluster.namespace()).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "could not delete Job " + name, e);
            throw new IllegalStateException(KubernetesErrors.explain(e, cluster.namespace(), "delete the Job " + name).getMessage(), e);
        }
    }
}
