package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.cluster.kubernetes.JobTemplate;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesBatchCluster;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesSettings;
import dev.jupyship.deploy.cluster.kubernetes.LocalPodRunner;
import dev.jupyship.deploy.cluster.kubernetes.TestKubelet;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.PythonEnv;
import dev.jupyship.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy to dev on Kubernetes, end to end below the HTTP layer: the deployer with the Kubernetes
 * cluster on fabric8's mock API server, a test kubelet running real papermill, and a local store
 * the "pod" reads and writes through its {@code file:} locations. Faults: the cluster refuses the
 * Job, the notebook fails in the pod, and the sidecar restarts while a run is in flight.
 */
class KubernetesDeployTest {

    @RegisterExtension
    final MockApiServer mock = new MockApiServer();

    static final String NAMESPACE = "ml-dev";

    KubernetesMockServer server;
    KubernetesClient client;
    /** This test's own folder: the workspace and, beside it, the test kubelet's nodes. */
    @TempDir
    Path folder;
    Path workspace;
    private LocalArtifactStore store;
    private TestKubelet kubelet;

    @BeforeEach
    void setUp() throws Exception {
        PythonEnv.program("papermill");
        workspace = Files.createDirectories(folder.resolve("workspace"));
        store = new LocalArtifactStore(workspace.resolve(".jupyship"));
        kubelet = new TestKubelet(client, server, NAMESPACE,
                new LocalPodRunner(Corpus.repository(), PythonEnv.root(), folder.resolve("nodes")), 2)
                .start();
        TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'\npause = 0", "import time\ntime.sleep(pause)",
                TinyNotebooks.WRITE_METRICS);
        TinyNotebooks.write(workspace.resolve("broken.ipynb"), "x = 1", "y = x + 1", "raise ValueError('no rows for ' + str(y))");
    }

    @AfterEach
    void tearDown() {
        if (kubelet != null) { // null when the set-up was skipped
            kubelet.close();
        }
    }

    private Deployer deployer() throws Exception {
        KubernetesBatchCluster cluster = new KubernetesBatchCluster(client, new KubernetesSettings(NAMESPACE, null, null, null, null),
                JobTemplate.load(null), store);
        return new Deployer(workspace, store, cluster, DeployConfig.defaults(), Clock.systemUTC());
    }

    private static DeployRequest request(String path, Map<String, Object> parameters) {
        return new DeployRequest(path, null, parameters, null, false, null);
    }

    @Test
    void aRunSucceedsInAPodWithItsMetricsArtifactsAndLogFromTheStore() throws Exception {
        try (Deployer deployer = deployer()) {
            RunManifest run = deployer.deploy(request("train.ipynb", Map.of("score", 0.81)));
            assertEquals("kubernetes", run.cluster());
            RunManifest done = deployer.await(run.id(), Duration.ofSeconds(120));
            assertEquals(RunStatus.SUCCEEDED, done.status(), String.valueOf(done.failure()));
            assertEquals(0.81, ((Number) done.metrics().get("score")).doubleValue());
            assertEquals(List.of("metrics.json", "model.txt"), done.artifacts());
            String prefix = done.prefix();
            assertTrue(store.exists(prefix + RunLayout.EXECUTED));
            assertTrue(new String(store.read(prefix + RunLayout.METRICS), StandardCharsets.UTF_8).contains("0.81"));
            assertTrue(new String(store.read(prefix + RunLayout.LOG), StandardCharsets.UTF_8).contains("Executing"), "the pod's log");
        }
    }

    @Test
    void aCellFailingInThePodIsNamedWithItsTraceback() throws Exception {
        try (Deployer deployer = deployer()) {
            RunManifest run = deployer.deploy(request("broken.ipynb", Map.of()));
            RunManifest done = deployer.await(run.id(), Duration.ofSeconds(120));
            assertEquals(RunStatus.FAILED, done.status());
            assertEquals("cell-error", done.failure().kind(), done.failure().toString());
            assertEquals(2, done.failure().cell());
            assertEquals("cell 3 raised ValueError: no rows for 2", done.failure().summary());
        }
    }

    @Test
    void aJobTheClusterRefusesEndsTheRunFailedWithTheClustersReason() throws Exception {
        server.expect().post().withPath("/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs").andReturn(403, new StatusBuilder()
                .withStatus("Failure").withCode(403).withReason("Forbidden").withMessage("jobs.batch is forbidden: exceeded quota: compute-resources")
                .build()).once();
        try (Deployer deployer = deployer()) {
            RunManifest run = deployer.deploy(request("train.ipynb", Map.of()));
            assertEquals(RunStatus.FAILED, run.status());
            assertEquals("cluster", run.failure().kind());
            assertTrue(run.failure().summary().startsWith("the kubernetes cluster refused the job: the sidecar's service account may not create"),
                    run.failure().summary());
            assertTrue(run.failure().summary().contains("exceeded quota: compute-resources"), run.failure().summary());
            assertEquals(RunStatus.FAILED, deployer.require(run.id()).status(), "recorded, not lost");
        }
    }

    @Test
    void anotherProcessReadsARunsLiveLogAndCancelsItByDeletingItsJob() throws Exception {
        try (Deployer sidecar = deployer()) {
            RunManifest run = sidecar.deploy(request("train.ipynb", Map.of("pause", 60)));
            long deadline = System.currentTimeMillis() + 60_000;
            while (sidecar.require(run.id()).status() != RunStatus.RUNNING && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            // The other process (the CLI) stays open until the sidecar has seen the end: the mock API
            // server stalls when a watch closes while it is still sending that watch's events.
            try (Deployer cli = deployer()) {
                // The pod's log is live in the other process too, though it does not follow the run.
                String log = cli.log(run.id());
                while (!log.contains("Executing") && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                    log = cli.log(run.id());
                }
                assertTrue(log.contains("Executing"), log);
                cli.cancel(run.id());
                RunManifest done = sidecar.await(run.id(), Duration.ofSeconds(60));
                assertEquals(RunStatus.CANCELLED, done.status(), String.valueOf(done.failure()));
                Thread.sleep(500);
            }
        }
    }

    @Test
    void aSidecarRestartedWhileARunIsInFlightFollowsItsJobToTheEnd() throws Exception {
        Deployer before = deployer();
        RunManifest run = before.deploy(request("train.ipynb", Map.of("score", 0.9, "pause", 4)));
        long deadline = System.currentTimeMillis() + 60_000;
        while (before.require(run.id()).status() != RunStatus.RUNNING && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(RunStatus.RUNNING, before.require(run.id()).status());
        // The sidecar dies: its process and informers are gone, the Job runs on in the cluster.
        before.crash();
        before.close();

        try (Deployer after = deployer()) {
            assertEquals(0, after.recover(), "nothing lost: the Job is still in the cluster");
            RunManifest adopted = after.require(run.id());
            assertNotEquals(run.owner(), adopted.owner(), "the new sidecar follows it");
            RunManifest done = after.await(run.id(), Duration.ofSeconds(120));
            assertEquals(RunStatus.SUCCEEDED, done.status(), String.valueOf(done.failure()));
            assertEquals(0.9, ((Number) done.metrics().get("score")).doubleValue());
        }
    }

    @Test
    void aRunWhoseJobEndedAndWasRemovedWhileNoSidecarFollowedItGetsItsOutcomeFromTheStore() throws Exception {
        Deployer before = deployer();
        RunManifest good = before.deploy(request("train.ipynb", Map.of("score", 0.7, "pause", 2)));
        RunManifest bad = before.deploy(request("broken.ipynb", Map.of()));
        before.crash();
        before.close();
        // The Jobs end with no sidecar watching, then go (ttlSecondsAfterFinished): only the store knows how they ended.
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().stream()
                .anyMatch(job -> job.getStatus() == null || job.getStatus().getCompletionTime() == null && job.getStatus().getFailed() == null)) {
            Thread.sleep(100);
        }
        client.batch().v1().jobs().inNamespace(NAMESPACE).delete();
        while (!client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }

        try (Deployer after = deployer()) {
            assertEquals(0, after.recover(), "nothing lost: the store holds both outcomes");
            RunManifest succeeded = after.await(good.id(), Duration.ofSeconds(30));
            assertEquals(RunStatus.SUCCEEDED, succeeded.status(), String.valueOf(succeeded.failure()));
            assertEquals(0.7, ((Number) succeeded.metrics().get("score")).doubleValue());
            assertEquals(List.of("metrics.json", "model.txt"), succeeded.artifacts());
            RunManifest failed = after.await(bad.id(), Duration.ofSeconds(30));
            assertEquals(RunStatus.FAILED, failed.status());
            assertEquals("cell 3 raised ValueError: no rows for 2", failed.failure().summary());
        }
    }
}
