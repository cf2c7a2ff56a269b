package dev.jupyship.deploy.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's status as its Job and pod change, driven by status edits (and event lists) on fabric8's mock
 * API server the way the Job controller and kubelet make them: pending, running, succeeded, and each
 * way of failing (deadline, OOMKilled, image pull, evicted, deleted, a pod the cluster refuses to
 * create), with the reason in the user's terms and the last cell that ran, read from a real
 * papermill notebook in the store.
 */
class KubernetesJobStatesTest {

    @RegisterExtension
    static final MockApiServer MOCK = new MockApiServer();

    static final String NAMESPACE = "ml-dev";

    @TempDir
    static Path shared;
    /** What papermill wrote when the kernel was killed in cell 2 (as in a pod killed for memory): cells 0-2 started. */
    static Path killedInCell2;
    static Path notebook;

    /** One API server for the class (each test has its own run ids): starting one costs a second or two. */
    static KubernetesMockServer server;
    static KubernetesClient client;
    @TempDir
    Path folder;
    private LocalArtifactStore store;
    private KubernetesBatchCluster cluster;

    @BeforeAll
    static void papermillKilledInCell2() throws Exception {
        KilledInCell2 killed = KilledInCell2.make(shared);
        notebook = killed.notebook();
        killedInCell2 = killed.executed();
    }

    @BeforeEach
    void open() throws Exception {
        store = new LocalArtifactStore(folder.resolve("store"));
        KubernetesSettings settings = new KubernetesSettings(NAMESPACE, "runner", "1", "2Gi", null);
        cluster = new KubernetesBatchCluster(client, settings, JobTemplate.load(null), store);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private Job submit(String runId) throws Exception {
        JobSpec spec = new JobSpec(runId, notebook, Map.of("n", 2), "registry/notebook:1", Duration.ofSeconds(120),
                Map.of("notebook", "train.ipynb", "user", "jane"), prefix(runId));
        store.putFile(prefix(runId) + RunLayout.INPUT, notebook);
        return cluster.submit(spec);
    }

    private static String prefix(String runId) {
        return "runs/p/train.ipynb/" + runId + "/";
    }

    private String jobName(String runId) {
        return KubernetesNames.jobName(runId);
    }

    /** The pod the Job controller would make, Pending. */
    private String pod(String runId) {
        var job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName(runId)).get();
        String name = jobName(runId) + "-x7k2p";
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels()).withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec()).withNewStatus().withPhase("Pending").endStatus().build()).create();
        return name;
    }

    private void editPod(String name, Consumer<Pod> change) {
        client.pods().inNamespace(NAMESPACE).withName(name).editStatus(p -> {
            Pod copy = new PodBuilder(p).build();
            change.accept(copy);
            return copy;
        });
    }

    private void container(String pod, String phase, io.fabric8.kubernetes.api.model.ContainerState state) {
        editPod(pod, p -> {
            p.getStatus().setPhase(phase);
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(KubernetesNames.CONTAINER)
                    .withImage("registry/notebook:1").withState(state).build()));
        });
    }

    private void jobCondition(String runId, String type, String reason, String message) {
        client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName(runId)).editStatus(j -> new JobBuilder(j).editOrNewStatus()
                .withConditions(new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message).build())
                .endStatus().build());
    }

    private static void awaitStatus(Job job, RunStatus expected) throws InterruptedException {
        HangGuard.until("run " + job.runId() + " to be " + expected, () -> job.status() == expected);
    }

    private static JobOutcome outcome(Job job) throws Exception {
        return HangGuard.result("the outcome of run " + job.runId(), job.outcome());
    }

    /** The job's pod runs; papermill has saved the notebook up to cell 2, where it dies; answers the pod. */
    private String runningUntilKilledInCell2(Job job) throws Exception {
        String pod = pod(job.runId());
        container(pod, "Running", new ContainerStateBuilder().withNewRunning().endRunning().build());
        awaitStatus(job, RunStatus.RUNNING);
        store.putFile(prefix(job.runId()) + RunLayout.EXECUTED, killedInCell2);
        return pod;
    }

    @Test
    void queuedUntilAPodRunsThenRunningThenSucceeded() throws Exception {
        Job job = submit("20261128T023000Z-aaaaaa");
        assertEquals(RunStatus.QUEUED, job.status());
        String pod = pod("20261128T023000Z-aaaaaa");
        Thread.sleep(200);
        assertEquals(RunStatus.QUEUED, job.status(), "a pending pod is still queued");
        container(pod, "Running", new ContainerStateBuilder().withNewRunning().endRunning().build());
        awaitStatus(job, RunStatus.RUNNING);
        assertEquals(false, job.outcome().isDone());
        jobCondition("20261128T023000Z-aaaaaa", "Complete", null, null);
        JobOutcome outcome = outcome(job);
        assertEquals(RunStatus.SUCCEEDED, outcome.status());
        assertNull(outcome.failure());
        assertNull(outcome.outputDir(), "the pod wrote its outputs to the store");
    }

    @Test
    void aDeadlineExceededJobSaysItPassedItsTimeLimitAndWhere() throws Exception {
        Job job = submit("20261128T023000Z-bbbbbb");
        runningUntilKilledInCell2(job);
        jobCondition("20261128T023000Z-bbbbbb", "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
        RunFailure failure = outcome(job).failure();
        assertEquals(RunStatus.FAILED, job.status());
        assertEquals("timed-out", failure.kind());
        assertEquals("the run passed its time limit of 120 s and the cluster stopped it (DeadlineExceeded) in cell 3, the last cell that ran",
                failure.summary());
        assertEquals(2, failure.cell());
        assertTrue(failure.source().contains("os.kill"), failure.source());
    }

    @Test
    void anOomKilledPodNamesTheMemoryLimitAndTheLastCellThatRan() throws Exception {
        Job job = submit("20261128T023000Z-cccccc");
        String pod = runningUntilKilledInCell2(job);
        container(pod, "Failed", new ContainerStateBuilder().withNewTerminated().withExitCode(137).withReason("OOMKilled").endTerminated().build());
        Thread.sleep(200);
        assertEquals(RunStatus.RUNNING, job.status(), "final only once the Job says so");
        jobCondition("20261128T023000Z-cccccc", "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        RunFailure failure = outcome(job).failure();
        assertEquals("out-of-memory", failure.kind());
        assertEquals("the pod ran out of memory and was killed (OOMKilled, memory limit 2Gi); raise [cluster] memory, or use less memory"
                + " in cell 3, the last cell that ran", failure.summary());
        assertEquals(2, failure.cell());
    }

    @Test
    void anImageThatCannotBePulledEndsTheRunAndDeletesItsJob() throws Exception {
        Job job = submit("20261128T023000Z-dddddd");
        String pod = pod("20261128T023000Z-dddddd");
        container(pod, "Pending", new ContainerStateBuilder().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"registry/notebook:1\"").endWaiting().build());
        JobOutcome outcome = outcome(job);
        assertEquals(RunStatus.FAILED, outcome.status());
        assertEquals("image-pull", outcome.failure().kind());
        assertEquals("the image 'registry/notebook:1' could not be pulled (ImagePullBackOff): Back-off pulling image \"registry/notebook:1\"",
                outcome.failure().summary());
        assertNull(outcome.failure().cell());
        // A pod that can never start would hold its Job until the deadline.
        HangGuard.until("the sidecar deletes the Job of a pod whose image cannot be pulled",
                () -> client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName("20261128T023000Z-dddddd")).get() == null);
    }

    @Test
    void anEvictedPodSaysTheNodeEvictedItBeforeAnyCell() throws Exception {
        Job job = submit("20261128T023000Z-eeeeee");
        String pod = pod("20261128T023000Z-eeeeee");
        editPod(pod, p -> {
            p.getStatus().setPhase("Failed");
            p.getStatus().setReason("Evicted");
            p.getStatus().setMessage("The node was low on resource: memory.");
        });
        jobCondition("20261128T023000Z-eeeeee", "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        RunFailure failure = outcome(job).failure();
        assertEquals("evicted", failure.kind());
        assertEquals("the node evicted the pod: The node was low on resource: memory. (no executed notebook in the store: it stopped before "
                + "papermill saved one)", failure.summary());
    }

    @Test
    void aJobFailedForAnotherReasonSaysTheReasonNeverABareFailure() throws Exception {
        Job job = submit("20261128T023000Z-ffffff");
        jobCondition("20261128T023000Z-ffffff", "Failed", "PodFailurePolicy", "Container notebook for pod x failed with exit code 3");
        RunFailure failure = outcome(job).failure();
        assertEquals("cluster", failure.kind());
        assertTrue(failure.summary().startsWith("the cluster failed the Job (PodFailurePolicy: Container notebook for pod x failed with exit code 3)"),
                failure.summary());
    }

    @Test
    void aJobFailedBeforeItsPodIsSeenIsExplainedByTheCellThatRaised() throws Exception {
        // The Job's Failed condition can reach the sidecar before its pod's terminated state does.
        Job job = submit("20261128T023000Z-qqqqqq");
        store.put(prefix("20261128T023000Z-qqqqqq") + RunLayout.EXECUTED, ("{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": 1,"
                + " \"id\": \"a\", \"metadata\": {\"papermill\": {\"status\": \"failed\", \"exception\": true, \"start_time\": \"2026-11-28T02:30:01\"}},"
                + " \"outputs\": [{\"output_type\": \"error\", \"ename\": \"ValueError\", \"evalue\": \"no rows\", \"traceback\": []}],"
                + " \"source\": \"raise ValueError('no rows')\"}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        jobCondition("20261128T023000Z-qqqqqq", "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        RunFailure failure = outcome(job).failure();
        assertEquals("cell-error", failure.kind(), failure.toString());
        assertTrue(failure.summary().contains("ValueError: no rows"), failure.summary());
    }

    /**
     * FailedCreate events the Job controller records on the run's Job when the API server refuses its pod, as the API server lists
     * them for the sidecar's field selector (the mock server does not implement field selectors on events; the real server's
     * answer is tested in KubernetesApiServerIT). Answers how many times the sidecar has listed them.
     */
    private AtomicInteger failedCreate(String runId, Event... events) {
        AtomicInteger lists = new AtomicInteger();
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/events?fieldSelector=involvedObject.kind%3DJob%2CinvolvedObject.name%3D"
                + jobName(runId) + "%2Creason%3DFailedCreate").andReply(200, request -> {
                    lists.incrementAndGet();
                    return new EventListBuilder().withItems(events).build();
                }).always();
        return lists;
    }

    private Event failedCreateOf(String runId, String message, Instant first, Instant last) {
        return new EventBuilder().withNewMetadata().withName(jobName(runId) + "." + first.toEpochMilli()).withNamespace(NAMESPACE).endMetadata()
                .withNewInvolvedObject().withApiVersion("batch/v1").withKind("Job").withNamespace(NAMESPACE).withName(jobName(runId))
                .endInvolvedObject().withReason("FailedCreate").withType("Warning").withMessage(message).withFirstTimestamp(first.toString())
                .withLastTimestamp(last.toString()).withNewSource().withComponent("job-controller").endSource().build();
    }

    @Test
    void aPodRefusedByPodSecurityFailsTheRunWithTheClustersReasonAndDeletesItsJob() throws Exception {
        String runId = "20261128T023000Z-hhhhhh";
        String refusal = "pods \"" + jobName(runId) + "-x7k2p\" is forbidden: violates PodSecurity \"restricted:latest\": "
                + "allowPrivilegeEscalation != false (container \"notebook\" must set securityContext.allowPrivilegeEscalation=false)";
        Job job = submit(runId);
        Thread.sleep(KubernetesBatchCluster.REFUSAL_CHECK.toMillis() + 500);
        assertEquals(RunStatus.QUEUED, job.status(), "a Job without a pod and without refusals is queued");
        // Another Job's refusal (as from a server that ignored the name in the selector) is not this run's.
        failedCreate(runId, failedCreateOf("20261128T023000Z-zzzzzz", "Error creating: pods \"x\" is forbidden: violates PodSecurity",
                Instant.now(), Instant.now()), failedCreateOf(runId, "Error creating: " + refusal, Instant.now(), Instant.now()));
        JobOutcome outcome = outcome(job);
        assertEquals(RunStatus.FAILED, outcome.status());
        assertEquals("cluster", outcome.failure().kind());
        assertEquals("the cluster refused the run's pod: " + refusal + "; the Job template ([cluster] job_template) must meet the namespace's "
                + "Pod Security Standard", outcome.failure().summary());
        assertNull(outcome.failure().cell());
        assertNull(client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName(runId)).get(), "the podless Job is deleted");
        Thread.sleep(KubernetesBatchCluster.REFUSAL_CHECK.toMillis() + 500);
        assertEquals(RunStatus.FAILED, job.status(), "the Job's deletion after the run ended changes nothing");
        assertEquals(outcome, job.outcome().getNow(null), "the outcome is recorded once");
    }

    @Test
    void aQuotaRefusalThatHealsLeavesTheRunQueuedUntilItsPodRuns() throws Exception {
        String runId = "20261128T023000Z-iiiiii";
        Job job = submit(runId);
        Instant now = Instant.now();
        String quota = "Error creating: pods \"" + jobName(runId) + "-a1b2c\" is forbidden: exceeded quota: compute, requested: "
                + "limits.memory=2Gi, used: limits.memory=7Gi, limited: limits.memory=8Gi";
        AtomicInteger lists = failedCreate(runId, failedCreateOf(runId, quota, now.minusSeconds(7), now));
        Thread.sleep(2 * KubernetesBatchCluster.REFUSAL_CHECK.toMillis() + 500);
        assertTrue(lists.get() > 0, "the podless Job's events were read");
        assertEquals(RunStatus.QUEUED, job.status(), "refused for 7 s only: the Job controller retries, and the quota may free up");
        assertFalse(job.outcome().isDone());
        String pod = pod(runId);
        container(pod, "Running", new ContainerStateBuilder().withNewRunning().endRunning().build());
        awaitStatus(job, RunStatus.RUNNING);
    }

    @Test
    void aJobDeletedInTheClusterEndsTheRunCancelledWithTheReason() throws Exception {
        Job job = submit("20261128T023000Z-gggggg");
        client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName("20261128T023000Z-gggggg")).delete();
        JobOutcome outcome = outcome(job);
        assertEquals(RunStatus.CANCELLED, outcome.status());
        assertTrue(outcome.failure().summary().contains("was deleted in the cluster before it ended"), outcome.failure().summary());
    }
}
