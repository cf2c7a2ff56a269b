package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.api.ErrorMapper;
import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.errors.Unavailable;
import dev.jupyship.testing.ForwardingStore;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.ScriptedJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
    }

    /** A store that fails the Nth put (counting from 1), once. */
    static class FailingStore extends ForwardingStore {
        final AtomicInteger puts = new AtomicInteger();
        volatile int failAt;

        FailingStore(ArtifactStore inner, int failAt) {
            super(inner);
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
    }

    /** Jobs end when the test says, with a metrics file in their output folder. */
    final class ScriptedCluster extends dev.jupyship.testing.ScriptedCluster {

        void succeed(String id, double score) throws IOException {
            Path out = Files.createDirectories(workspace.resolve("out-" + id));
            Files.writeString(out.resolve("metrics.json"), "{\"score\": " + score + "}");
            Files.writeString(out.resolve("model.txt"), "m");
            ScriptedJob job = jobs.get(id);
            job.status = RunStatus.SUCCEEDED;
            job.outcome.complete(new JobOutcome(RunStatus.SUCCEEDED, null, null, out));
        }
    }

    /** Stored outputs are tried again at once. */
    private static final DeploySettings SETTINGS = DeploySettings.defaults().withUploadBackoff(Duration.ofMillis(1));

    private Deployer deployer(ArtifactStore store, BatchCluster cluster) throws IOException {
        return deployer(store, cluster, SETTINGS);
    }

    private Deployer deployer(ArtifactStore store, BatchCluster cluster, DeploySettings settings) throws IOException {
        return new Deployer(workspace, store, cluster, DeployConfig.defaults(), Clock.systemUTC(), settings);
    }

    private static DeployRequest request(Map<String, Object> parameters, String key) {
        return new DeployRequest("train.ipynb", null, parameters, null, false, key);
    }

    @Test
    void aStoreFailingAtDeployLeavesNoRunAndARetrySucceeds() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        FailingStore store = new FailingStore(local, 2); // put 1: input, put 2: manifest
        try (Deployer deployer = deployer(store, cluster)) {
            Unavailable refused = assertThrows(Unavailable.class, () -> deployer.deploy(request(Map.of(), null)));
            assertEquals(503, ErrorMapper.map(refused, null).status());
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
            RunManifest done = deployer.await(run.id(), HangGuard.LIMIT);
            assertEquals(RunStatus.SUCCEEDED, done.status());
            String prefix = done.prefix();
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
            RunManifest done = deployer.await(run.id(), HangGuard.LIMIT);
            assertEquals(RunStatus.FAILED, done.status());
            assertEquals("store", done.failure().kind());
            assertTrue(done.failure().summary().contains("bucket gone"), done.failure().summary());
        }
    }

    @Test
    void completionsAddToAnEndedRunBeforeItIsStoredAndHearOfItOnce() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        FailingStore store = new FailingStore(local, -1);
        List<String> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (Deployer deployer = deployer(store, cluster)) {
            deployer.addCompletion(new RunCompletion() {
                @Override
                public RunManifest beforeStored(RunManifest ended) {
                    Map<String, Object> metrics = new java.util.LinkedHashMap<>(ended.metrics() == null ? Map.of() : ended.metrics());
                    metrics.put("checked", true);
                    return ended.finished(ended.status(), ended.finishedAt(), ended.failure(), metrics, ended.artifacts());
                }

                @Override
                public void stored(RunManifest ended) {
                    heard.add(ended.id() + " " + ended.status() + " " + ended.metrics().get("checked"));
                }
            });
            deployer.addCompletion(new RunCompletion() {
                @Override
                public RunManifest beforeStored(RunManifest ended) {
                    throw new IllegalStateException("a broken completion");
                }
            });
            RunManifest run = deployer.deploy(request(Map.of(), null));
            store.failAt = store.puts.get() + 4; // the first attempt fails at the manifest: the completions see the run again
            cluster.succeed(run.id(), 0.9);
            RunManifest done = deployer.await(run.id(), HangGuard.LIMIT);
            assertEquals(RunStatus.SUCCEEDED, done.status());
            assertEquals(true, done.metrics().get("checked"));
            RunManifest stored = RunHistory.JSON.readValue(local.read(done.prefix() + "manifest.json"), RunManifest.class);
            assertEquals(true, stored.metrics().get("checked"));
            RunManifest cancelled = deployer.deploy(request(Map.of("score", 2), null));
            deployer.cancel(cancelled.id());
            long deadline = System.nanoTime() + HangGuard.LIMIT.toNanos();
            while (heard.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(run.id() + " SUCCEEDED true", cancelled.id() + " CANCELLED true"), heard);
        }
    }

    @Test
    void awaitingARunWaitsForItsCompletionsToHearOfItsEnd() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        List<String> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (Deployer deployer = deployer(local, cluster)) {
            deployer.addCompletion(new RunCompletion() {
                @Override
                public void stored(RunManifest ended) {
                    try {
                        Thread.sleep(300); // a champion moved in a slow store, an alert sent
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    heard.add(ended.id());
                }
            });
            RunManifest run = deployer.deploy(request(Map.of(), null));
            // the job ends on another thread, as a real one does (here the run's end would be stored on the caller's)
            CompletableFuture<Void> ending = CompletableFuture.runAsync(() -> {
                try {
                    cluster.succeed(run.id(), 0.9);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(RunStatus.SUCCEEDED, deployer.await(run.id(), HangGuard.LIMIT).status());
            // the CLI exits right after: what the completions do must be done
            assertEquals(List.of(run.id()), heard);
            ending.get();
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
    void aRetriedKeyReachesItsRunAfterARestartHoweverManyRunsOthersStartedMeanwhile() throws Exception {
        TinyNotebooks.write(workspace.resolve("other.ipynb"), "score = 0.5", "print(score)");
        RunManifest keyed;
        try (Deployer before = deployer(local, new ScriptedCluster())) {
            keyed = before.deploy(request(Map.of("score", 1), "click-7"));
            for (int i = 0; i < RunHistory.FIRST_PAGE + 5; i++) {
                before.deploy(new DeployRequest("other.ipynb", null, Map.of("score", i), null, false, null));
            }
        }
        ScriptedCluster cluster = new ScriptedCluster();
        try (Deployer after = deployer(local, cluster)) {
            assertEquals(keyed.id(), after.deploy(request(Map.of("score", 1), "click-7")).id(), "the retry is the run it retries");
            assertEquals(0, cluster.jobs.size(), "nothing deployed twice");
        }
    }

    @Test
    void theLintGateRefusesErrorsWithTheFindingsAndForceOverrides() throws Exception {
        Files.writeString(workspace.resolve("pyproject.toml"), "[tool.jupyship.lint]\nseverity = { JS104 = \"error\" }\n");
        TinyNotebooks.write(workspace.resolve("messy.ipynb"), "x = 1", "");
        try (Deployer deployer = deployer(local, new ScriptedCluster())) {
            GateRefusal refusal = assertThrows(GateRefusal.class,
                    () -> deployer.deploy(new DeployRequest("messy.ipynb", null, Map.of(), null, false, null)));
            assertTrue(refusal.verdict().findings().stream().anyMatch(f -> f.rule().equals("JS104")));
            assertEquals(List.of(), deployer.list(null, null));
            RunManifest forced = deployer.deploy(new DeployRequest("messy.ipynb", null, Map.of(), null, true, null));
            assertEquals(Boolean.TRUE, forced.forced());
            BadInput target = assertThrows(BadInput.class,
                    () -> deployer.deploy(new DeployRequest("train.ipynb", null, Map.of(), "prod", false, null)));
            assertTrue(target.getMessage().contains("'dev' only"));
        }
    }

    @Test
    void theContractGateHoldsEvenWhenTheLintConfigurationIgnoresTheContractRules() throws Exception {
        Files.writeString(workspace.resolve("pyproject.toml"), "[tool.jupyship.lint]\nignore = [\"JS6\"]\n");
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("broken.ipynb"), "score = 0.5", "print(score)"),
                "{\"parameters\": {\"score\": {\"type\": \"float\"}, \"epochs\": {\"type\": \"int\", \"default\": 3}}}");
        try (Deployer deployer = deployer(local, new ScriptedCluster())) {
            GateRefusal refusal = assertThrows(GateRefusal.class,
                    () -> deployer.deploy(new DeployRequest("broken.ipynb", null, Map.of(), null, false, null)));
            assertEquals(List.of("JS603"), refusal.verdict().blocking().stream().map(f -> f.rule()).distinct().toList(),
                    "epochs is declared with a default but not in the parameters cell: " + refusal.verdict().findings());
            assertTrue(refusal.getMessage().startsWith("broken.ipynb has 1 error-severity finding"), refusal.getMessage());
            assertEquals(List.of(), deployer.list(null, null));
            assertEquals(Boolean.TRUE, deployer.deploy(new DeployRequest("broken.ipynb", null, Map.of(), null, true, null)).forced());
        }
    }

    @Test
    void parametersMustFitTheContractAndForceDoesNotOverrideThat() throws Exception {
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("typed.ipynb"), "score = 0.5\nmode = 'a'\noutput_dir = 'x'",
                "print(score, mode, output_dir)"), "{\"parameters\": {\"score\": {\"type\": \"float\", \"default\": 0.5, \"max\": 1},"
                + " \"mode\": {\"type\": \"str\", \"default\": \"a\", \"required\": true, \"allowed\": [\"a\", \"b\"]},"
                + " \"output_dir\": {\"type\": \"str\", \"default\": \"x\"}}, \"test_parameters\": {\"mode\": \"a\"}}");
        ScriptedCluster cluster = new ScriptedCluster();
        try (Deployer deployer = deployer(local, cluster)) {
            DeployGate.Verdict verdict = deployer.check(new DeployRequest("typed.ipynb", null,
                    Map.of("score", 2, "colour", "red", "output_dir", "/tmp/elsewhere"), null, true, null));
            assertTrue(verdict.contract() != null, verdict.toString());
            assertEquals(List.of("'output_dir' is set by the platform to the run's artifacts folder; leave it out",
                    "parameter 'score': 2 is above the maximum 1", "'colour' is not a parameter of the notebook's contract (it declares [score, mode])",
                    "parameter 'mode' is required by the notebook's contract: give it a str").stream().sorted().toList(),
                    verdict.parameterProblems().stream().sorted().toList());
            assertFalse(verdict.passes(), verdict.toString());
            BadInput refused = assertThrows(BadInput.class, () -> deployer.deploy(new DeployRequest("typed.ipynb", null,
                    Map.of("mode", "c"), null, true, null)));
            assertEquals(400, ErrorMapper.map(refused, null).status());
            assertEquals("typed.ipynb: parameter 'mode': \"c\" is not one of the allowed values [\"a\", \"b\"]", refused.getMessage());
            assertEquals(0, cluster.jobs.size());
            DeployGate.Verdict good = deployer.check(new DeployRequest("typed.ipynb", null, Map.of("mode", "b", "score", 0.25), null, false, null));
            assertTrue(good.passes(), good.toString());
            assertEquals(List.of("score", "mode", "output_dir"), List.copyOf(good.contract().parameters().keySet()));
            RunManifest run = deployer.deploy(new DeployRequest("typed.ipynb", null, Map.of("mode", "b"), null, false, null));
            assertEquals(Map.of("mode", "b"), run.parameters());
            assertEquals(1, cluster.jobs.size());
        }
    }

    @Test
    void aSnapshotParameterRunsOnTheResolvedVersionWhichTheRunRecordsAndARerunChecks() throws Exception {
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("snap.ipynb"), "train_data = 'sample'\noutput_dir = 'x'",
                "print(train_data)"), "{\"parameters\": {\"train_data\": {\"type\": \"snapshot\", \"root\": \"datasets/churn\", \"default\": \"latest\"},"
                + " \"output_dir\": {\"type\": \"str\", \"default\": \"x\"}}}");
        DataSnapshotsTest.snapshot(local, "v1", "x\n1\n", true);
        DataSnapshotsTest.snapshot(local, "v2", "x\n2\n", true);
        ScriptedCluster cluster = new ScriptedCluster();
        try (Deployer deployer = deployer(local, cluster)) {
            RunManifest run = deployer.deploy(new DeployRequest("snap.ipynb", null, Map.of(), null, false, null));
            String v2 = local.root().resolve("datasets/churn/snapshots/v2").toString();
            assertEquals(Map.of("train_data", v2), run.parameters());
            assertEquals(Map.of("train_data", v2), cluster.jobs.get(run.id()).spec.parameters(), "papermill injects the snapshot's folder");
            assertEquals("v2", run.snapshots().get("train_data").version());
            cluster.succeed(run.id(), 0.5);
            RunManifest done = deployer.await(run.id(), HangGuard.LIMIT);
            RunManifest stored = RunHistory.JSON.readValue(local.read(done.prefix() + "manifest.json"), RunManifest.class);
            assertEquals(run.snapshots(), stored.snapshots(), "the manifest keeps what the run read");
            DataSnapshotsTest.snapshot(local, "v3", "x\n3\n", true);
            RunManifest again = deployer.rerun(run.id(), null);
            assertEquals("v2", again.snapshots().get("train_data").version(), "a rerun reads its run's version, not the latest");
            assertEquals(Map.of("train_data", v2), again.parameters());
            DataSnapshotsTest.snapshot(local, "v2", "x\n9\n", true);
            Conflict refused = assertThrows(Conflict.class, () -> deployer.rerun(run.id(), null));
            assertTrue(refused.getMessage().startsWith("train_data: snapshot v2 of datasets/churn changed since run " + run.id()), refused.getMessage());
            assertEquals(2, cluster.jobs.size());
        }
    }

    @Test
    void runsWrittenByAnotherProcessAppearFollowTheirProgressAndGoWhenRemoved() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        try (Deployer sidecar = deployer(local, new ScriptedCluster()); Deployer cli = deployer(local, cluster)) {
            RunManifest run = cli.deploy(request(Map.of("score", 1), null));
            assertEquals(List.of(), sidecar.list(null, null), "not yet rescanned");
            sidecar.rescan();
            assertEquals(RunStatus.QUEUED, sidecar.require(run.id()).status());
            cluster.succeed(run.id(), 0.7);
            cli.await(run.id(), HangGuard.LIMIT);
            sidecar.rescan();
            RunManifest seen = sidecar.require(run.id());
            assertEquals(RunStatus.SUCCEEDED, seen.status());
            assertEquals(0.7, ((Number) seen.metrics().get("score")).doubleValue());
            // a notebook's own artifact called manifest.json is not a run
            local.put(seen.prefix() + RunLayout.ARTIFACTS + "manifest.json", "{\"id\": \"x\"}".getBytes());
            sidecar.rescan();
            assertEquals(List.of(run.id()), sidecar.list(null, null).stream().map(RunManifest::id).toList());
            for (String key : local.list(seen.prefix())) {
                local.delete(key);
            }
            sidecar.rescan();
            assertEquals(List.of(), sidecar.list(null, null));
        }
    }

    @Test
    void listingANotebooksRunsReadsItsFolderAgainWhenStale() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        DeploySettings often = SETTINGS.withRescan(Duration.ofMillis(200));
        try (Deployer sidecar = deployer(local, new ScriptedCluster(), often); Deployer cli = deployer(local, cluster, often)) {
            assertEquals(List.of(), sidecar.list("train.ipynb", null));
            RunManifest run = cli.deploy(request(Map.of("score", 1), null));
            Thread.sleep(300);
            assertEquals(List.of(run.id()), sidecar.list("train.ipynb", null).stream().map(RunManifest::id).toList(),
                    "the notebook's folder is listed again once its last listing is older than the period");
            cluster.succeed(run.id(), 0.2);
            cli.await(run.id(), HangGuard.LIMIT);
            // A run in flight elsewhere is followed by its manifest.
            HangGuard.until("the sidecar sees the CLI's run " + run.id() + " succeed",
                    () -> sidecar.require(run.id()).status() == RunStatus.SUCCEEDED);
        }
    }

    @Test
    void theLogIsReadFromAnOffsetAndNeverCutInsideACharacter() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        try (Deployer deployer = deployer(local, cluster)) {
            RunManifest run = deployer.deploy(request(Map.of(), null));
            ScriptedJob job = cluster.jobs.get(run.id());
            job.log = "cell 1 \u00e9";
            RunLogs.LogSlice first = deployer.log(run.id(), 0);
            assertEquals("cell 1 \u00e9", first.text());
            assertEquals(9, first.next());
            assertEquals(RunStatus.QUEUED, first.status());
            job.log = "cell 1 \u00e9\ncell 2 \u732b";
            RunLogs.LogSlice second = deployer.log(run.id(), first.next());
            assertEquals("\ncell 2 \u732b", second.text());
            assertEquals(run.id(), deployer.require(run.id()).id());
            byte[] cut = "ab\u732b".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(2, RunLogs.wholeCharacters(cut, 0, 4), "the first byte of a 3-byte character alone");
            assertEquals(2, RunLogs.wholeCharacters(cut, 0, 3));
            assertEquals(5, RunLogs.wholeCharacters(cut, 0, 5));
            cluster.succeed(run.id(), 0.1);
            RunManifest done = deployer.await(run.id(), HangGuard.LIMIT);
            RunLogs.LogSlice last = deployer.log(run.id(), second.next());
            assertEquals("", last.text(), "the stored log is the live log");
            assertEquals(done.status(), last.status());
            assertEquals("", deployer.log(run.id(), 10_000).text());
        }
    }

    @Test
    void anEndedRunIsDeletedWithEveryFileItStoredAndOnlyByItsOwnMachine() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        try (Deployer deployer = deployer(local, cluster)) {
            RunManifest run = deployer.deploy(request(Map.of(), null));
            dev.jupyship.errors.Conflict inFlight = assertThrows(dev.jupyship.errors.Conflict.class, () -> deployer.delete(run.id()));
            assertEquals("run " + run.id() + " is queued: cancel it before deleting it", inFlight.getMessage());
            assertEquals(409, ErrorMapper.map(inFlight, null).status());
            cluster.succeed(run.id(), 0.1);
            deployer.await(run.id(), HangGuard.LIMIT);
            RunManifest other = deployer.deploy(request(Map.of("score", 0.7), null));
            cluster.succeed(other.id(), 0.2);
            deployer.await(other.id(), HangGuard.LIMIT);
            assertFalse(local.list(run.prefix()).isEmpty());

            deployer.delete(run.id());
            assertEquals(List.of(), local.list(run.prefix()), "no file of the run is left");
            assertEquals(List.of(other.id()), deployer.list(null, null).stream().map(RunManifest::id).toList());
            assertThrows(dev.jupyship.errors.NotFound.class, () -> deployer.delete(run.id()));
            assertEquals(1, deployer.metrics("train.ipynb").size());
        }
        try (Deployer reopened = deployer(local, new ScriptedCluster())) {
            assertEquals(1, reopened.list(null, null).size(), "the deleted run does not come back from the store");
        }
        // The same bucket seen from a colleague's pod: their run is theirs to delete.
        RunManifest theirs = deployerRun(local);
        String key = theirs.prefix() + RunLayout.MANIFEST;
        String manifest = new String(local.read(key), java.nio.charset.StandardCharsets.UTF_8);
        local.put(key, manifest.replace("\"startedOn\" : \"" + theirs.startedOn() + "\"", "\"startedOn\" : \"jupyter-ada\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (Deployer mine = deployer(local, new ScriptedCluster())) {
            dev.jupyship.errors.Refused refused = assertThrows(dev.jupyship.errors.Refused.class, () -> mine.delete(theirs.id()));
            assertEquals("run " + theirs.id() + " was started on jupyter-ada, not here: only its own user deletes it", refused.getMessage());
            assertEquals(403, ErrorMapper.map(refused, null).status());
            assertTrue(local.exists(key));
        }
    }

    /** The remaining run of the store, as last stored. */
    private RunManifest deployerRun(ArtifactStore store) throws IOException {
        String key = store.list("runs/").stream().filter(k -> RunLayout.manifestRunId(k) != null).findFirst().orElseThrow();
        return RunHistory.JSON.readValue(store.read(key), RunManifest.class);
    }

    @Test
    void aFollowerIsNotSentTheLogAgainWhenTheLiveLogGoesBeforeTheRunIsToldEnded() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        try (Deployer deployer = deployer(local, cluster)) {
            RunManifest run = deployer.deploy(request(Map.of(), null));
            ScriptedJob job = cluster.jobs.get(run.id());
            job.log = "cell 1\n";
            RunLogs.LogSlice first = deployer.log(run.id(), 0);
            assertEquals(7, first.next());
            // The window as a run ends: its log and manifest stored, its folder released, its final status not yet indexed.
            local.put(run.prefix() + RunLayout.LOG, "cell 1\ncell 2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            job.log = "";
            RunLogs.LogSlice second = deployer.log(run.id(), first.next());
            assertEquals("cell 2\n", second.text(), "the stored log from where the follower was");
            assertEquals(RunStatus.QUEUED, second.status());
            local.delete(run.prefix() + RunLayout.LOG);
            RunLogs.LogSlice none = deployer.log(run.id(), second.next());
            assertEquals("", none.text());
            assertEquals(second.next(), none.next(), "a log shorter than the offset does not send the follower back to its start");
            assertEquals("", deployer.log(run.id()), "no live and no stored log yet");
        }
    }

    @Test
    void gitFactsRefsAndRerunsCarryTheNotebookAsDeployed() throws Exception {
        try (dev.jupyship.testing.GitRepo repo = dev.jupyship.testing.GitRepo.init(workspace)) {
            String committed = repo.commit("train", "train.ipynb").name();
            byte[] atHead = Files.readAllBytes(workspace.resolve("train.ipynb"));
            TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.9\noutput_dir = 'x'", "print(score)");
            byte[] edited = Files.readAllBytes(workspace.resolve("train.ipynb"));
            ScriptedCluster cluster = new ScriptedCluster();
            try (Deployer deployer = deployer(local, cluster)) {
                RunManifest working = deployer.deploy(request(Map.of(), null));
                assertNull(working.ref());
                assertEquals(new GitFacts(workspace.toRealPath().getFileName().toString(), committed, "main", true,
                        "Data Scientist <ds@example.com>"), working.git());
                assertEquals(new String(edited), new String(local.read(working.prefix() + RunLayout.INPUT)));

                RunManifest atRef = deployer.deploy(new DeployRequest("train.ipynb", "HEAD", Map.of("score", 2), null, false, null));
                assertEquals("HEAD", atRef.ref());
                assertFalse(atRef.git().dirty());
                assertEquals(committed, atRef.git().commit());
                assertEquals(new String(atHead), new String(local.read(atRef.prefix() + RunLayout.INPUT)));
                assertEquals(new String(atHead), Files.readString(cluster.jobs.get(atRef.id()).spec.notebook()),
                        "the cluster runs the notebook as committed, not the working copy");

                cluster.succeed(atRef.id(), 0.4);
                deployer.await(atRef.id(), HangGuard.LIMIT);
                RunManifest again = deployer.rerun(atRef.id(), null);
                assertNotEquals(atRef.id(), again.id());
                assertEquals(atRef.id(), again.rerunOf());
                assertEquals(atRef.git(), again.git());
                assertEquals(atRef.parameters(), again.parameters());
                assertEquals(new String(atHead), new String(local.read(again.prefix() + RunLayout.INPUT)));

                Exception unknown = assertThrows(Exception.class,
                        () -> deployer.deploy(new DeployRequest("train.ipynb", "no-such-branch", Map.of(), null, false, null)));
                assertTrue(unknown.getMessage().contains("unknown git revision 'no-such-branch'"), unknown.getMessage());
            }
        }
    }

    @Test
    void aRefOutsideGitIsRefusedClearly() throws Exception {
        try (Deployer deployer = deployer(local, new ScriptedCluster())) {
            Exception refused = assertThrows(IllegalArgumentException.class,
                    () -> deployer.deploy(new DeployRequest("train.ipynb", "main", Map.of(), null, false, null)));
            assertEquals("cannot deploy train.ipynb at 'main': it is not in a git repository", refused.getMessage());
            RunManifest plain = deployer.deploy(request(Map.of(), null));
            assertEquals(GitFacts.NONE, plain.git());
        }
    }

    @Test
    void deploysOfTheSameNotebookAtOnceGiveOneRunPerDistinctRequest() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        java.util.concurrent.ExecutorService clicks = java.util.concurrent.Executors.newFixedThreadPool(8);
        try (Deployer deployer = deployer(local, cluster)) {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<RunManifest>> same = new java.util.ArrayList<>();
            List<java.util.concurrent.Future<RunManifest>> different = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                same.add(clicks.submit(() -> {
                    go.await();
                    return deployer.deploy(request(Map.of("score", 1), null));
                }));
                different.add(clicks.submit(() -> {
                    go.await();
                    return deployer.deploy(request(Map.of("score", 100 + n), null));
                }));
            }
            go.countDown();
            java.util.Set<String> sameIds = new java.util.HashSet<>();
            java.util.Set<String> differentIds = new java.util.HashSet<>();
            for (int i = 0; i < 8; i++) {
                sameIds.add(same.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS).id());
                differentIds.add(different.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS).id());
            }
            assertEquals(1, sameIds.size(), "eight clicks at once on the same deploy: one run");
            assertEquals(8, differentIds.size());
            assertEquals(9, cluster.jobs.size());
            assertEquals(9, deployer.list("train.ipynb", null).size());
            for (RunManifest run : deployer.list(null, null)) {
                assertTrue(local.exists(run.prefix() + RunLayout.INPUT) && local.exists(run.prefix() + RunLayout.MANIFEST));
            }
        } finally {
            clicks.shutdownNow();
        }
    }

    @Test
    void aRestartMarksRunsInFlightFailedAndLeavesLiveOnesAlone() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        Deployer before = deployer(local, cluster);
        RunManifest lost = before.deploy(request(Map.of("score", 1), null));
        RunManifest finished = before.deploy(request(Map.of("score", 2), null));
        cluster.succeed(finished.id(), 0.5);
        before.await(finished.id(), HangGuard.LIMIT);
        try (Deployer alive = deployer(local, new ScriptedCluster())) {
            assertEquals(0, alive.recover(), "the first sidecar still runs it");
        }
        before.crash();
        try (Deployer after = deployer(local, new ScriptedCluster())) {
            assertEquals(1, after.recover());
            RunManifest recovered = after.require(lost.id());
            assertEquals(RunStatus.FAILED, recovered.status());
            assertEquals("interrupted", recovered.failure().kind());
            assertTrue(recovered.failure().summary().startsWith("the process running it stopped while it was in flight"));
            assertNull(recovered.owner());
            assertFalse(after.stored(recovered, RunLayout.EXECUTED), "a lost run has no executed notebook to link to");
            assertTrue(after.stored(recovered, RunLayout.INPUT));
            assertEquals(RunStatus.SUCCEEDED, after.require(finished.id()).status());
        }
    }

    @Test
    void aClusterThatDoesNotAnswerDuringRecoveryLosesNoRun() throws Exception {
        Deployer before = deployer(local, new ScriptedCluster());
        RunManifest run = before.deploy(request(Map.of("score", 1), null));
        before.crash();
        ScriptedCluster silent = new ScriptedCluster();
        silent.unreachable = true;
        try (Deployer after = deployer(local, silent)) {
            assertEquals(0, after.recover(), "not asked is not gone");
            assertEquals(RunStatus.QUEUED, after.require(run.id()).status());
            Unavailable cancel = assertThrows(Unavailable.class, () -> after.cancel(run.id()));
            assertEquals(503, ErrorMapper.map(cancel, null).status());
            assertTrue(cancel.getMessage().contains("the API server did not answer"), cancel.getMessage());
            silent.unreachable = false;
            assertEquals(1, after.recover(), "asked, and the cluster has no such job");
            assertEquals(RunStatus.FAILED, after.require(run.id()).status());
        }
    }

    @Test
    void aRestartLeavesRunsOwnedOnAnotherMachineAlone() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster();
        Deployer before = deployer(local, cluster);
        RunManifest run = before.deploy(request(Map.of("score", 1), null));
        before.crash();
        // Another user's pod on the same bucket runs it: its process is nothing this machine can look up.
        RunManifest elsewhere = run.ownedBy("jupyter-alice:1:0:" + java.util.UUID.randomUUID());
        local.put(elsewhere.prefix() + RunLayout.MANIFEST, RunHistory.JSON.writeValueAsBytes(elsewhere));
        try (Deployer after = deployer(local, new ScriptedCluster())) {
            assertEquals(0, after.recover());
            assertEquals(RunStatus.QUEUED, after.require(run.id()).status());
            assertEquals(elsewhere.owner(), after.require(run.id()).owner());
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
                () -> DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", "ml-b")));
        assertTrue(noImage.getMessage().contains("needs the runtime image"), noImage.getMessage());
        DeployConfig gcs = DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", "ml-runs", "JUPYSHIP_CONCURRENCY", "3",
                "JUPYTER_IMAGE", "registry/notebook:2026.11", "JUPYSHIP_SERVICE_ACCOUNT", "runner"));
        assertEquals(3, gcs.concurrency());
        assertEquals("ml-runs", gcs.bucket());
        assertEquals("registry/notebook:2026.11", gcs.image(), "a JupyterHub pod's own image by default");
        assertEquals("runner", gcs.serviceAccount());
        assertEquals("other:1", DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", "ml-b",
                "JUPYTER_IMAGE", "registry/notebook:2026.11", "JUPYSHIP_IMAGE", "other:1")).image());
        Files.writeString(workspace.resolve("jupyship.toml"), "[store]\nkind = \"s3\"\n");
        assertThrows(IllegalArgumentException.class, () -> DeployConfig.load(workspace, Map.of()));
        assertFalse(DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "local")).storeKind().isEmpty());
    }

    @Test
    void theProjectNamesTheRunsFolderAndDefaultsToTheWorkspaces() throws Exception {
        try (Deployer plain = deployer(local, new ScriptedCluster())) {
            assertEquals(workspace.getFileName().toString(), plain.project());
        }
        Files.writeString(workspace.resolve("jupyship.toml"), "[deploy]\nproject = \"churn-model\"\n");
        DeployConfig named = DeployConfig.load(workspace, Map.of());
        assertEquals("churn-model", named.project());
        assertEquals("fraud", DeployConfig.load(workspace, Map.of("JUPYSHIP_PROJECT", "fraud")).project());
        assertEquals("churn-model", DeployConfig.load(workspace, Map.of("JUPYSHIP_PROJECT", " ")).project(), "blank is unset");
        try (Deployer deployer = new Deployer(workspace, local, new ScriptedCluster(), named, Clock.systemUTC(), SETTINGS)) {
            RunManifest run = deployer.deploy(request(Map.of("score", 1), null));
            assertTrue(local.exists("runs/churn-model/train.ipynb/" + run.id() + "/" + RunLayout.MANIFEST));
        }
        for (String bad : List.of("../up", "a/b", ".hidden", "-x")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> DeployConfig.load(workspace, Map.of("JUPYSHIP_PROJECT", bad)), bad);
            assertTrue(refused.getMessage().contains("must be one folder name"), refused.getMessage());
        }
    }

    @Test
    void gcsStoreConfigurationAndItsRefusals() throws Exception {
        Files.writeString(workspace.resolve("jupyship.toml"),
                "[store]\nkind = \"gcs\"\nbucket = \"ml-runs\"\nprefix = \"team-a\"\nendpoint = \"http://127.0.0.1:4443\"\n");
        DeployConfig config = DeployConfig.load(workspace, Map.of());
        assertEquals(List.of("gcs", "ml-runs", "team-a", "http://127.0.0.1:4443"),
                List.of(config.storeKind(), config.bucket(), config.prefix(), config.endpoint()));
        assertEquals("http://127.0.0.1:9", DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE_ENDPOINT", "http://127.0.0.1:9")).endpoint());

        Map<String, String> refusals = Map.of(
                "[store]\nkind = \"gcs\"\n", "the gcs store needs a bucket",
                "[store]\nkind = \"gcs\"\nbucket = \"ML_Runs\"\n", "bucket 'ML_Runs' is not a GCS bucket name",
                "[store]\nkind = \"gcs\"\nbucket = \"b1\"\n", "bucket 'b1' is not a GCS bucket name",
                "[store]\nkind = \"gcs\"\nbucket = \"ml-runs\"\nprefix = \"a/../b\"\n", "prefix 'a/../b' must be /-separated names",
                "[store]\nkind = \"gcs\"\nbucket = \"ml-runs\"\nendpoint = \"127.0.0.1:4443\"\n", "endpoint '127.0.0.1:4443' is not an http(s)://host:port",
                "[store]\nendpoint = \"http://127.0.0.1:4443\"\n", "[store] endpoint is for the gcs store, and the store is local");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Files.writeString(workspace.resolve("jupyship.toml"), refusal.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeployConfig.load(workspace, Map.of()), refusal.getKey());
            assertTrue(e.getMessage().startsWith(workspace.resolve("jupyship.toml") + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(refusal.getValue()), e.getMessage());
        }
    }
}
