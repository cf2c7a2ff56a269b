package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.api.ApiException;
import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployer's logic with a scripted cluster (no papermill): faults, gates, idempotency, recovery, configuration. */
class DeployerTest {

    @TempDir
    Path workspace;

    private LocalArtifactStore local;

    @BeforeEach
    void setUp() throws Exception {
        local = new LocalArtifactStore(workspace.resolve(".jupyship"));
        TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", "print(score)");
        Deployer.uploadBackoffMillis = 1;
    }

    /** A store that fails the Nth put (counting from 1), once. */
    static class FailingStore implements ArtifactStore {
        final ArtifactStore inner;
        final AtomicInteger puts = new AtomicInteger();
        volatile int failAt;

        FailingStore(ArtifactStore inner, int failAt) {
            this.inner = inner;
            this.failAt = failAt;
        }

        @Override
        public void put(String key, InputStream data) throws IOException {
            if (puts.incrementAndGet() == failAt) {
                data.readNBytes(3);
                throw new IOException("store unavailable (injected on put " + failAt + ")");
            }
            inner.put(key, data);
        }

        @Override
        public InputStream get(String key) throws IOException {
            return inner.get(key);
        }

        @Override
        public boolean exists(String key) throws IOException {
            return inner.exists(key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return inner.list(prefix);
        }

        @Override
        public void delete(String key) throws IOException {
            inner.delete(key);
        }

        @Override
        public String location(String key) {
            return inner.location(key);
        }
    }

    /** Jobs end when the test says, with a metrics file in their output folder. */
    final class ScriptedCluster implements BatchCluster {
        final Map<String, ScriptedJob> jobs = new ConcurrentHashMap<>();

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
            return Optional.ofNullable(jobs.get(runId));
        }

        @Override
        public void close() {
        }

        void succeed(String id, double score) throws IOException {
            Path out = Files.createDirectories(workspace.resolve("out-" + id));
            Files.writeString(out.resolve("metrics.json"), "{\"score\": " + score + "}");
            Files.writeString(out.resolve("model.txt"), "m");
            ScriptedJob job = jobs.get(id);
            job.status = RunStatus.SUCCEEDED;
            job.outcome.complete(new JobOutcome(RunStatus.SUCCEEDED, null, null, out));
        }
    }

    static final class ScriptedJob implements Job {
        final JobSpec spec;
        final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        volatile RunStatus status = RunStatus.QUEUED;

        ScriptedJob(JobSpec spec) {
            this.spec = spec;
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
            return "log of " + spec.runId();
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
    }

    private Deployer deployer(ArtifactStore store, BatchCluster cluster) throws IOException {
        return new Deployer(workspace, store, cluster, DeployConfig.defaults(), Clock.systemUTC());
    }

    private static DeployRequest request(Map<String, Object> parameters, String key) {
        return new DeployRequest("train.ipynb", null, parameters, null, false, key);
    }

    @Test
    void aStoreFailingAtDeployLeavesNoRunAndARetrySucceeds() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        FailingStore store = new FailingStore(local, 2); // put 1: input, put 2: manifest
        try (Deployer deployer = deployer(store, cluster)) {
            ApiException refused = assertThrows(ApiException.class, () -> deployer.deploy(request(Map.of(), null)));
            assertEquals(503, refused.status());
            assertTrue(refused.getMessage().contains("nothing was deployed"));
            assertEquals(List.of(), deployer.list(null, null));
            assertEquals(List.of(), local.list("runs/"));
            assertTrue(cluster.jobs.isEmpty());
            RunManifest run = deployer.deploy(request(Map.of(), null));
            assertEquals(RunStatus.QUEUED, run.status());
        }
        try (Deployer reopened = deployer(local, new ScriptedCluster())) {
            assertEquals(1, reopened.list(null, null).size());
        }
    }

    @Test
    void aStoreFailingMidUploadShowsNoFinishedRunUntilTheRetryStoresItWhole() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        FailingStore store = new FailingStore(local, -1);
        try (Deployer deployer = deployer(store, cluster)) {
            RunManifest run = deployer.deploy(request(Map.of(), null));
            // puts so far: input, manifest; the upload's puts: model.txt (artifact), metrics.json...: fail the second one
            store.failAt = store.puts.get() + 2;
            cluster.succeed(run.id(), 0.9);
            RunManifest done = deployer.await(run.id(), Duration.ofSeconds(10));
            assertEquals(RunStatus.SUCCEEDED, done.status());
            String prefix = RunLayout.prefix(done);
            for (String file : List.of("input.ipynb", "artifacts/metrics.json", "artifacts/model.txt", "metrics.json", "log.txt", "manifest.json")) {
                assertTrue(local.exists(prefix + file), file);
            }
            assertEquals(0.9, ((Number) done.metrics().get("score")).doubleValue());
        }
    }

    @Test
    void aStoreThatKeepsFailingEndsTheRunFailedWithTheReason() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        ArtifactStore broken = new FailingStore(local, -1) {
            @Override
            public void put(String key, InputStream data) throws IOException {
                if (key.contains("artifacts/")) {
                    throw new IOException("bucket gone");
                }
                super.put(key, data);
            }
        };
        try (Deployer deployer = deployer(broken, cluster)) {
            RunManifest run = deployer.deploy(request(Map.of(), null));
            cluster.succeed(run.id(), 0.9);
            RunManifest done = deployer.await(run.id(), Duration.ofSeconds(10));
            assertEquals(RunStatus.FAILED, done.status());
            assertEquals("store", done.failure().kind());
            assertTrue(done.failure().summary().contains("bucket gone"), done.failure().summary());
        }
    }

    @Test
    void doubleClicksAndIdempotencyKeysGiveTheSameRun() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        try (Deployer deployer = deployer(local, cluster)) {
            RunManifest first = deployer.deploy(request(Map.of("score", 1), null));
            assertEquals(first.id(), deployer.deploy(request(Map.of("score", 1), null)).id());
            RunManifest other = deployer.deploy(request(Map.of("score", 2), null));
            assertNotEquals(first.id(), other.id());
            RunManifest keyed = deployer.deploy(request(Map.of("score", 1), "click-1"));
            assertNotEquals(first.id(), keyed.id());
            assertEquals(keyed.id(), deployer.deploy(request(Map.of("score", 3), "click-1")).id());
            assertEquals(3, cluster.jobs.size());
        }
    }

    @Test
    void theLintGateRefusesErrorsWithTheFindingsAndForceOverrides() throws Exception {
        Files.writeString(workspace.resolve("pyproject.toml"), "[tool.jupyship.lint]\nseverity = { JS104 = \"error\" }\n");
        TinyNotebooks.write(workspace.resolve("messy.ipynb"), "x = 1", "");
        try (Deployer deployer = deployer(local, new ScriptedCluster())) {
            LintGateRefusal refusal = assertThrows(LintGateRefusal.class,
                    () -> deployer.deploy(new DeployRequest("messy.ipynb", null, Map.of(), null, false, null)));
            assertTrue(refusal.result().findings().stream().anyMatch(f -> f.rule().equals("JS104")));
            assertEquals(List.of(), deployer.list(null, null));
            RunManifest forced = deployer.deploy(new DeployRequest("messy.ipynb", null, Map.of(), null, true, null));
            assertEquals(Boolean.TRUE, forced.forced());
            ApiException target = assertThrows(ApiException.class,
                    () -> deployer.deploy(new DeployRequest("train.ipynb", null, Map.of(), "prod", false, null)));
            assertTrue(target.getMessage().contains("'dev' only"));
        }
    }

    @Test
    void aRestartMarksRunsInFlightFailedAndLeavesLiveOnesAlone() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        Deployer before = deployer(local, cluster);
        RunManifest lost = before.deploy(request(Map.of("score", 1), null));
        RunManifest finished = before.deploy(request(Map.of("score", 2), null));
        cluster.succeed(finished.id(), 0.5);
        before.await(finished.id(), Duration.ofSeconds(10));
        try (Deployer alive = deployer(local, new ScriptedCluster())) {
            assertEquals(0, alive.recover(), "the first sidecar still runs it");
        }
        before.crash();
        try (Deployer after = deployer(local, new ScriptedCluster())) {
            assertEquals(1, after.recover());
            RunManifest recovered = after.require(lost.id());
            assertEquals(RunStatus.FAILED, recovered.status());
            assertEquals("interrupted", recovered.failure().kind());
            assertTrue(recovered.failure().summary().contains("the sidecar restarted while this run was in flight"));
            assertNull(recovered.owner());
            assertEquals(RunStatus.SUCCEEDED, after.require(finished.id()).status());
        }
    }

    @Test
    void configurationDefaultsOverridesAndRefusals() throws Exception {
        DeployConfig plain = DeployConfig.load(workspace, Map.of());
        assertEquals("local", plain.storeKind());
        assertEquals("local", plain.clusterKind());
        Files.writeString(workspace.resolve("jupyship.toml"), "[cluster]\nkind = \"kubernetes\"\nnamespace = \"ml-dev\"\n");
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> DeployConfig.load(workspace, Map.of()));
        assertTrue(mismatch.getMessage().contains("cannot use the local store"), mismatch.getMessage());
        IllegalArgumentException noImage = assertThrows(IllegalArgumentException.class,
                () -> DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", "b")));
        assertTrue(noImage.getMessage().contains("needs the runtime image"), noImage.getMessage());
        DeployConfig gcs = DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", "b", "JUPYSHIP_CONCURRENCY", "3",
                "JUPYTER_IMAGE", "registry/notebook:2026.11", "JUPYSHIP_SERVICE_ACCOUNT", "runner"));
        assertEquals(3, gcs.concurrency());
        assertEquals("registry/notebook:2026.11", gcs.image(), "a JupyterHub pod's own image by default");
        assertEquals("runner", gcs.serviceAccount());
        assertEquals("other:1", DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", "b",
                "JUPYTER_IMAGE", "registry/notebook:2026.11", "JUPYSHIP_IMAGE", "other:1")).image());
        IllegalArgumentException later = assertThrows(IllegalArgumentException.class,
                () -> Deployer.open(workspace, gcs, dev.jupyship.run.PythonEnvironment.detect()));
        assertTrue(later.getMessage().contains("not available yet"), later.getMessage());
        Files.writeString(workspace.resolve("jupyship.toml"), "[store]\nkind = \"s3\"\n");
        assertThrows(IllegalArgumentException.class, () -> DeployConfig.load(workspace, Map.of()));
        assertFalse(DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "local")).storeKind().isEmpty());
    }
}
