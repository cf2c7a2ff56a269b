package dev.jupyship.deploy.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.testing.KubeControlPlane;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's status on a real API server, where the Job's conditions come from the real Job controller
 * (the mock's tests, {@link KubernetesJobStatesTest}, write them by hand): the test plays only the
 * kubelet, through {@link NodeAgent}, writing the pod states a kubelet writes (running, completed,
 * OOMKilled, evicted, an image that cannot be pulled), and the controller's answer (Complete,
 * FailureTarget and Failed with BackoffLimitExceeded or DeadlineExceeded, pods deleted) must read
 * as the same outcomes for the user.
 */
class KubernetesApiServerStatesIT {

    @RegisterExtension
    static final KubeControlPlane KUBE = new KubeControlPlane();

    @TempDir
    static Path shared;
    static KilledInCell2 killed;
    static NodeAgent node;
    @TempDir
    Path folder;
    private LocalArtifactStore store;
    private KubernetesBatchCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        killed = KilledInCell2.make(shared);
        // No runner: the test reports each pod's container as the kubelet would.
        node = new NodeAgent(KUBE.admin(), KUBE.namespace(), null, 10).start(KUBE.kubeletKeyStore(), KUBE.kubeletKeyStorePassword());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void open() throws Exception {
        store = new LocalArtifactStore(folder.resolve("store"));
        KubernetesSettings settings = new KubernetesSettings(KUBE.namespace(), null, "1", "2Gi", null);
        cluster = new KubernetesBatchCluster(KUBE.sidecar(), settings, JobTemplate.load(null), store);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private Job submit(String runId, Duration timeLimit) throws Exception {
        JobSpec spec = new JobSpec(runId, killed.notebook(), Map.of("n", 2), "registry/notebook:1", timeLimit,
                Map.of("notebook", "train.ipynb", "user", "jane"), prefix(runId));
        store.putFile(prefix(runId) + RunLayout.INPUT, killed.notebook());
        return cluster.submit(spec);
    }

    private static String prefix(String runId) {
        return "runs/p/train.ipynb/" + runId + "/";
    }

    /** The pod the Job controller made, bound to the node, then running; papermill has saved the notebook up to cell 2. */
    private String runningUntilKilledInCell2(Job job) throws Exception {
        String pod = node.podOf(KubernetesNames.jobName(job.runId()), 30_000);
        node.report(pod, "Running", new ContainerStateBuilder().withNewRunning().endRunning().build());
        awaitStatus(job, RunStatus.RUNNING);
        store.putFile(prefix(job.runId()) + RunLayout.EXECUTED, killed.executed());
        return pod;
    }

    private static void awaitStatus(Job job, RunStatus expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (job.status() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, job.status());
    }

    private static JobOutcome outcome(Job job) throws Exception {
        return job.outcome().get(60, TimeUnit.SECONDS);
    }

    @Test
    void queuedWhilePendingThenRunningThenSucceededWhenTheControllerSaysComplete() throws Exception {
        Job job = submit("20261128T023000Z-aaaaaa", Duration.ofSeconds(120));
        String pod = node.podOf(KubernetesNames.jobName("20261128T023000Z-aaaaaa"), 30_000);
        Thread.sleep(300);
        assertEquals(RunStatus.QUEUED, job.status(), "a bound, pending pod is still queued");
        node.report(pod, "Running", new ContainerStateBuilder().withNewRunning().endRunning().build());
        awaitStatus(job, RunStatus.RUNNING);
        node.terminate(pod, 0, "Completed");
        JobOutcome outcome = outcome(job);
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), String.valueOf(outcome.failure()));
        assertNull(outcome.failure());
    }

    @Test
    void theControllersDeadlineSaysItPassedItsTimeLimitAndWhere() throws Exception {
        Job job = submit("20261128T023000Z-bbbbbb", Duration.ofSeconds(3));
        runningUntilKilledInCell2(job);
        // The Job controller fails the Job at its activeDeadlineSeconds and deletes the pod; the node agent kills it.
        RunFailure failure = outcome(job).failure();
        assertEquals(RunStatus.FAILED, job.status());
        assertEquals("timed-out", failure.kind(), failure.summary());
        assertEquals("the run passed its time limit of 3 s and the cluster stopped it (DeadlineExceeded) in cell 3, the last cell that ran",
                failure.summary());
        assertEquals(2, failure.cell());
    }

    @Test
    void anOomKilledPodNamesTheMemoryLimitAndTheLastCellThatRan() throws Exception {
        Job job = submit("20261128T023000Z-cccccc", Duration.ofSeconds(120));
        String pod = runningUntilKilledInCell2(job);
        node.terminate(pod, 137, "OOMKilled");
        RunFailure failure = outcome(job).failure();
        assertEquals("out-of-memory", failure.kind(), failure.summary());
        assertEquals("the pod ran out of memory and was killed (OOMKilled, memory limit 2Gi); raise [cluster] memory, or use less memory"
                + " in cell 3, the last cell that ran", failure.summary());
        assertEquals(2, failure.cell());
    }

    @Test
    void anEvictedPodSaysTheNodeEvictedIt() throws Exception {
        Job job = submit("20261128T023000Z-eeeeee", Duration.ofSeconds(120));
        String pod = runningUntilKilledInCell2(job);
        node.evict(pod, "The node was low on resource: memory.");
        RunFailure failure = outcome(job).failure();
        assertEquals("evicted", failure.kind(), failure.summary());
        assertEquals("the node evicted the pod: The node was low on resource: memory. in cell 3, the last cell that ran", failure.summary());
    }

    @Test
    void anImageThatCannotBePulledEndsTheRunAndTheJobAndItsPodGo() throws Exception {
        Job job = submit("20261128T023000Z-dddddd", Duration.ofSeconds(120));
        String name = KubernetesNames.jobName("20261128T023000Z-dddddd");
        String pod = node.podOf(name, 30_000);
        node.report(pod, "Pending", new ContainerStateBuilder().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"registry/notebook:1\"").endWaiting().build());
        JobOutcome outcome = outcome(job);
        assertEquals("image-pull", outcome.failure().kind(), outcome.failure().summary());
        long deadline = System.currentTimeMillis() + 30_000;
        while ((KUBE.admin().batch().v1().jobs().inNamespace(KUBE.namespace()).withName(name).get() != null
                || KUBE.admin().pods().inNamespace(KUBE.namespace()).withName(pod).get() != null) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertNull(KUBE.admin().batch().v1().jobs().inNamespace(KUBE.namespace()).withName(name).get(), "the sidecar deleted the Job");
        assertNull(KUBE.admin().pods().inNamespace(KUBE.namespace()).withName(pod).get(), "the garbage collector deleted its pod");
    }

    @Test
    void aJobDeletedInTheClusterEndsTheRunCancelledWithTheReason() throws Exception {
        Job job = submit("20261128T023000Z-gggggg", Duration.ofSeconds(120));
        runningUntilKilledInCell2(job);
        KUBE.admin().batch().v1().jobs().inNamespace(KUBE.namespace()).withName(KubernetesNames.jobName("20261128T023000Z-gggggg")).delete();
        JobOutcome outcome = outcome(job);
        assertEquals(RunStatus.CANCELLED, outcome.status());
        assertTrue(outcome.failure().summary().contains("was deleted in the cluster before it ended"), outcome.failure().summary());
    }
}
