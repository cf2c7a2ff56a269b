package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.deploy.cluster.RunStatus;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A run's status read from its Job and the Job's pods, as the Job controller and the kubelet
 * report them: queued until a pod runs, running, then the Job's final condition; a failure carries
 * the pod's reason (OOMKilled, evicted, image pull, deadline), never a bare "Job failed".
 *
 * @param status  where the run is
 * @param problem why it failed, when it did
 * @param stuck   the pod can never start (its image cannot be pulled, its configuration is refused): the
 *                Job will not fail by itself before its deadline, so the sidecar ends it
 */
public record JobState(RunStatus status, PodProblem problem, boolean stuck) {

    /** Waiting reasons of a container that will not start without a change to the Job. */
    static final Set<String> IMAGE_PROBLEMS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");
    static final Set<String> CONFIG_PROBLEMS = Set.of("CreateContainerConfigError", "CreateContainerError");
    /** papermill's exit status when the kernel died. */
    static final int KERNEL_DIED_EXIT = 138;

    public static JobState of(Job job, List<Pod> pods) {
        Pod pod = newest(pods);
        JobCondition complete = condition(job, "Complete").or(() -> condition(job, "SuccessCriteriaMet")).orElse(null);
        if (complete != null) {
            return new JobState(RunStatus.SUCCEEDED, null, false);
        }
        JobCondition failed = condition(job, "Failed").or(() -> condition(job, "FailureTarget")).orElse(null);
        if (failed != null) {
            if ("DeadlineExceeded".equals(failed.getReason())) {
                return new JobState(RunStatus.FAILED, new PodProblem("timed-out", "the run passed its time limit of "
                        + job.getSpec().getActiveDeadlineSeconds() + " s and the cluster stopped it (DeadlineExceeded)", false, false), false);
            }
            PodProblem problem = pod == null ? null : problem(pod);
            if (problem == null) {
                // The pod says nothing (yet: the pods' watch may lag the Jobs'), so a cell the stored
                // notebook shows raising is the better explanation: without it, a failing cell was
                // sometimes reported as "the cluster failed the Job (BackoffLimitExceeded)".
                problem = new PodProblem("cluster", "the cluster failed the Job (" + failed.getReason()
                        + (failed.getMessage() == null || failed.getMessage().isBlank() ? "" : ": " + failed.getMessage()) + ")", true, false);
            }
            return new JobState(RunStatus.FAILED, problem, false);
        }
        if (pod == null) {
            return new JobState(RunStatus.QUEUED, null, false);
        }
        ContainerState state = containerState(pod);
        if (state != null && state.getWaiting() != null) {
            String reason = state.getWaiting().getReason();
            if (IMAGE_PROBLEMS.contains(reason) || CONFIG_PROBLEMS.contains(reason)) {
                return new JobState(RunStatus.FAILED, problem(pod), true);
            }
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean started = phase != null && !phase.equals("Pending");
        return new JobState(started ? RunStatus.RUNNING : RunStatus.QUEUED, null, false);
    }

    /** What the pod says went wrong, or null when it says nothing. */
    static PodProblem problem(Pod pod) {
        var status = pod.getStatus();
        if (status == null) {
            return null;
        }
        if ("Evicted".equals(status.getReason())) {
            return new PodProblem("evicted", "the node evicted the pod" + detail(status.getMessage()), false, false);
        }
        if ("DeadlineExceeded".equals(status.getReason())) {
            return new PodProblem("timed-out", "the pod passed its deadline and was stopped" + detail(status.getMessage()), false, false);
        }
        ContainerState state = containerState(pod);
        if (state != null && state.getTerminated() != null) {
            var terminated = state.getTerminated();
            Integer exit = terminated.getExitCode();
            if ("OOMKilled".equals(terminated.getReason())) {
                return new PodProblem("out-of-memory", "the pod ran out of memory and was killed (OOMKilled"
                        + memoryLimit(pod).map(limit -> ", memory limit " + limit).orElse("")
                        + "); raise [cluster] memory, or use less memory", false, false);
            }
            if (exit != null && exit == KERNEL_DIED_EXIT) {
                return new PodProblem("kernel-died", "the Python kernel died in the pod (often out of memory, or a crash in native code)",
                        false, false);
            }
            if (exit != null && exit != 0) {
                return new PodProblem("papermill", "papermill exited with status " + exit + " in the pod"
                        + detail(terminated.getReason() == null || terminated.getReason().equals("Error") ? terminated.getMessage()
                        : terminated.getReason()), true, false);
            }
        }
        if (state != null && state.getWaiting() != null) {
            String reason = state.getWaiting().getReason();
            if (IMAGE_PROBLEMS.contains(reason)) {
                return new PodProblem("image-pull", "the image " + image(pod) + " could not be pulled (" + reason + ")"
                        + detail(state.getWaiting().getMessage()), false, true);
            }
            if (CONFIG_PROBLEMS.contains(reason)) {
                return new PodProblem("pod-failed", "the notebook container could not be created (" + reason + ")"
                        + detail(state.getWaiting().getMessage()), false, true);
            }
        }
        if ("Failed".equals(status.getPhase()) && status.getReason() != null) {
            return new PodProblem("pod-failed", "the pod failed (" + status.getReason() + ")" + detail(status.getMessage()), false, false);
        }
        return null;
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    /** The Job's latest pod (a Job with retries has several). */
    static Pod newest(List<Pod> pods) {
        return pods.stream().max(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                .thenComparing(p -> p.getMetadata().getName())).orElse(null);
    }

    private static ContainerState containerState(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        if (statuses == null) {
            return null;
        }
        return statuses.stream().filter(s -> KubernetesNames.CONTAINER.equals(s.getName())).findFirst()
                .map(ContainerStatus::getState).orElse(null);
    }

    private static Optional<String> memoryLimit(Pod pod) {
        return pod.getSpec() == null ? Optional.empty() : pod.getSpec().getContainers().stream()
                .filter(c -> KubernetesNames.CONTAINER.equals(c.getName()) && c.getResources() != null && c.getResources().getLimits() != null)
                .map(c -> c.getResources().getLimits().get("memory")).filter(q -> q != null).map(Quantity::toString).findFirst();
    }

    private static String image(Pod pod) {
        return pod.getSpec() == null ? "" : pod.getSpec().getContainers().stream()
                .filter(c -> KubernetesNames.CONTAINER.equals(c.getName())).map(c -> "'" + c.getImage() + "'").findFirst().orElse("");
    }

    private static String detail(String message) {
        return message == null || message.isBlank() ? "" : ": " + message.strip();
    }
}
