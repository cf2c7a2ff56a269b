package dev.jupyship.deploy.cluster.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Job controller and a kubelet for fabric8's mock API server, which runs no controllers: it
 * watches the namespace's Jobs, makes each one's pod, runs the pod's container with the
 * {@link PodRunner} ({@code image/start batch} as a local process: {@link LocalPodRunner}), and
 * reports pod and Job status through the API as the real controllers do: Pending (unschedulable
 * while {@code capacity} pods run), Running, then Succeeded with Complete or Failed with
 * BackoffLimitExceeded or DeadlineExceeded. A deleted Job's process is killed and its pod deleted.
 * The pod's log is served as a mock expectation, read from the container's output at each request.
 */
public final class TestKubelet implements AutoCloseable {

    private final KubernetesClient client;
    private final KubernetesMockServer server;
    private final String namespace;
    private final PodRunner runner;
    private final int capacity;
    private final Queue<String> pending = new ArrayDeque<>();
    private final Map<String, PodRunner.Container> running = new ConcurrentHashMap<>();
    private final Map<String, String> podOf = new ConcurrentHashMap<>();
    private Watch watch;

    public TestKubelet(KubernetesClient client, KubernetesMockServer server, String namespace, PodRunner runner, int capacity) {
        this.client = client;
        this.server = server;
        this.namespace = namespace;
        this.runner = runner;
        this.capacity = capacity;
    }

    public TestKubelet start() {
        watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                String name = job.getMetadata().getName();
                if (action == Action.ADDED) {
                    admit(job);
                } else if (action == Action.DELETED) {
                    removed(name);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        return this;
    }

    private synchronized void admit(Job job) {
        String name = job.getMetadata().getName();
        String pod = name + "-" + Long.toString(System.nanoTime() % 100_000, 36);
        Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put(KubernetesNames.JOB_NAME, name);
        client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(pod).withNamespace(namespace).withLabels(labels)
                .withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Pending").endStatus().build()).create();
        podOf.put(name, pod);
        pending.add(name);
        schedule();
    }

    /** Starts pending pods while there is room; the others wait, unschedulable, as on a full node. */
    private synchronized void schedule() {
        while (!pending.isEmpty()) {
            String name = pending.peek();
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            if (job == null) {
                pending.remove();
                continue;
            }
            if (running.size() >= capacity) {
                editPod(podOf.get(name), pod -> pod.getStatus().setConditions(List.of(new PodConditionBuilder().withType("PodScheduled")
                        .withStatus("False").withReason("Unschedulable").withMessage("0/1 nodes are available: 1 Insufficient cpu.").build())));
                return;
            }
            pending.remove();
            run(job);
        }
    }

    private void run(Job job) {
        String name = job.getMetadata().getName();
        String pod = podOf.get(name);
        PodRunner.Container container;
        try {
            container = runner.start(client.pods().inNamespace(namespace).withName(pod).get());
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        String image = job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        running.put(name, container);
        serveLog(pod, container);
        String started = Instant.now().toString();
        editPod(pod, p -> {
            p.getStatus().setPhase("Running");
            p.getStatus().setStartTime(started);
            p.getStatus().setContainerStatuses(List.of(containerStatus(image,
                    new ContainerStateBuilder().withNewRunning().withStartedAt(started).endRunning().build())));
        });
        editJob(name, j -> j.setStatus(new JobStatusBuilder().withActive(1).withStartTime(started).build()));
        long deadline = job.getSpec().getActiveDeadlineSeconds() == null ? Long.MAX_VALUE : job.getSpec().getActiveDeadlineSeconds();
        Thread waiter = new Thread(() -> await(name, pod, image, container, deadline), "kubelet-" + name);
        waiter.setDaemon(true);
        waiter.start();
    }

    private void await(String name, String pod, String image, PodRunner.Container container, long deadlineSeconds) {
        Integer exited;
        try {
            exited = container.await(deadlineSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (running.remove(name) == null) {
            return; // deleted: nothing left to report on
        }
        boolean timedOut = exited == null;
        int exit = timedOut ? 137 : exited;
        String now = Instant.now().toString();
        boolean succeeded = exit == 0 && !timedOut;
        try {
            editPod(pod, p -> {
                p.getStatus().setPhase(succeeded ? "Succeeded" : "Failed");
                p.getStatus().setContainerStatuses(List.of(containerStatus(image, new ContainerStateBuilder().withNewTerminated()
                        .withExitCode(exit).withReason(succeeded ? "Completed" : "Error").withFinishedAt(now).endTerminated().build())));
            });
            boolean failedInTime = !succeeded && !timedOut;
            editJob(name, j -> j.setStatus(new JobStatusBuilder(j.getStatus()).withActive(0).withSucceeded(succeeded ? 1 : 0)
                    .withFailed(succeeded ? 0 : 1).withCompletionTime(succeeded ? now : null)
                    .withConditions(new JobConditionBuilder().withType(succeeded ? "Complete" : "Failed").withStatus("True")
                            .withReason(succeeded ? null : failedInTime ? "BackoffLimitExceeded" : "DeadlineExceeded")
                            .withMessage(succeeded ? null : failedInTime ? "Job has reached the specified backoff limit"
                                    : "Job was active longer than specified deadline")
                            .withLastTransitionTime(now).build()).build()));
        } catch (KubernetesClientException deletedMeanwhile) {
            // the Job went away while it ended
        }
        schedule();
    }

    private void removed(String name) {
        PodRunner.Container container = running.remove(name);
        if (container != null) {
            container.kill();
        }
        String pod = podOf.remove(name);
        if (pod != null) {
            client.pods().inNamespace(namespace).withName(pod).delete();
        }
        schedule();
    }

    /** The pod log as the API serves it: what the container has written so far, while it runs and after. */
    private void serveLog(String pod, PodRunner.Container container) {
        server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?pretty=false")
                .andReply(200, request -> container.log()).always();
    }

    /** A fixed pod log. */
    void serveLog(String pod, String text) {
        server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?pretty=false")
                .andReturn(200, text).always();
    }

    private void editPod(String pod, java.util.function.Consumer<Pod> change) {
        client.pods().inNamespace(namespace).withName(pod).editStatus(p -> {
            Pod copy = new PodBuilder(p).build();
            change.accept(copy);
            return copy;
        });
    }

    private void editJob(String name, java.util.function.Consumer<Job> change) {
        client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(j -> {
            Job copy = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(j).build();
            change.accept(copy);
            return copy;
        });
    }

    private static ContainerStatus containerStatus(String image, io.fabric8.kubernetes.api.model.ContainerState state) {
        return new ContainerStatusBuilder().withName(KubernetesNames.CONTAINER).withImage(image).withState(state)
                .withReady(state.getRunning() != null).withRestartCount(0).build();
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        for (String name : new ArrayList<>(running.keySet())) {
            PodRunner.Container container = running.remove(name);
            if (container != null) {
                container.kill();
            }
        }
    }
}
