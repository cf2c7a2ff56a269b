package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.cli.Main;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.testing.GcsEmulator;
import dev.jupyship.testing.PythonEnv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy with the gcs store chosen by configuration (the emulator's endpoint), the local cluster and
 * real papermill: the run lands whole in the bucket, manifest last, and another sidecar sees it.
 */
class DeployToGcsTest {

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @TempDir
    Path workspace;

    @TempDir
    Path otherWorkspace;

    private static DeployConfig gcs(Path workspace, String bucket) throws IOException {
        return DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", bucket,
                "JUPYSHIP_STORE_PREFIX", "team-a", "JUPYSHIP_STORE_ENDPOINT", GCS.endpoint()));
    }

    @Test
    void aRunLandsWholeInTheBucketWithItsManifestLast() throws Exception {
        PythonEnv.program("papermill");
        PythonEnvironment python = PythonEnvironment.ofVenv(PythonEnv.root());
        String bucket = GCS.newBucket();
        TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", TinyNotebooks.WRITE_METRICS);
        RunManifest done;
        try (Deployer deployer = Deployer.open(workspace, gcs(workspace, bucket), python)) {
            RunManifest run = deployer.deploy(new DeployRequest("train.ipynb", null, Map.of("score", 0.75), null, false, null));
            done = deployer.await(run.id(), Duration.ofSeconds(120));
            assertEquals(RunStatus.SUCCEEDED, done.status(), String.valueOf(done.failure()));
            assertEquals(0.75, ((Number) done.metrics().get("score")).doubleValue());
            assertTrue(deployer.location(done, RunLayout.EXECUTED).startsWith("gs://" + bucket + "/team-a/runs/"),
                    deployer.location(done, RunLayout.EXECUTED));
        }

        String prefix = done.prefix();
        GcsArtifactStore store = new GcsArtifactStore(bucket, "team-a", GCS.endpoint());
        assertEquals(List.of(prefix + "artifacts/metrics.json", prefix + "artifacts/model.txt", prefix + RunLayout.EXECUTED,
                prefix + RunLayout.INPUT, prefix + RunLayout.LOG, prefix + RunLayout.MANIFEST, prefix + RunLayout.METRICS), store.list(RunLayout.ROOT));
        RunIndex.Entry entry = RunIndex.Entry.of(done);
        assertEquals(List.of(RunIndex.MARKER, RunIndex.notebookKey(entry), RunIndex.allKey(entry)), store.list(RunIndex.ROOT),
                "the run is indexed, and no longer in flight on its machine");
        RunManifest stored = RunHistory.JSON.readValue(store.read(prefix + RunLayout.MANIFEST), RunManifest.class);
        assertEquals(RunStatus.SUCCEEDED, stored.status());
        assertTrue(new String(store.read(prefix + RunLayout.EXECUTED)).contains("done 0.75"));
        Map<String, Long> generations = GCS.generations(bucket, "team-a/" + prefix);
        long manifest = generations.remove("team-a/" + prefix + RunLayout.MANIFEST);
        generations.forEach((name, generation) -> assertTrue(generation < manifest, name + " was written after the final manifest"));
        assertFalse(Files.exists(workspace.resolve(".jupyship/runs")), "nothing of the run is kept in the workspace");

        // Another sidecar, on another workspace, reads the history from the bucket.
        try (Deployer other = Deployer.open(otherWorkspace, gcs(otherWorkspace, bucket), python)) {
            assertEquals(RunStatus.SUCCEEDED, other.require(done.id()).status());
            assertTrue(other.log(done.id()).contains("Executing"), other.log(done.id()));
        }
    }

    @Test
    void aMissingBucketIsOneSentenceInTheCliWithoutAStackTrace() throws Exception {
        TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", TinyNotebooks.WRITE_METRICS);
        Files.writeString(workspace.resolve(DeployConfig.FILE),
                "[store]\nkind = \"gcs\"\nbucket = \"no-such-bucket\"\nprefix = \"team-a\"\nendpoint = \"" + GCS.endpoint() + "\"\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"deploy", "train.ipynb", "-w", workspace.toString(), "--venv", PythonEnv.root().toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(1, code);
        assertEquals("jupyship deploy: could not list gs://no-such-bucket/team-a/runs/: the bucket 'no-such-bucket' does not exist "
                + "(or these credentials cannot see it)\n", err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aSidecarWhoseBucketIsMissingServesTheRestAndSaysWhyDeployIsUnavailable() throws Exception {
        TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", TinyNotebooks.WRITE_METRICS);
        String bucket = "late-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        DeployConfig config = new DeployConfig("gcs", bucket, "team-a", GCS.endpoint(), "local", null, "local", 1, 60, null, null,
                null, null, "dev", null, "test");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try (dev.jupyship.server.SidecarServer server = dev.jupyship.server.SidecarServer.start(new dev.jupyship.server.SidecarServer.Config(
                workspace, "127.0.0.1", 0, 1 << 20, null).withVenv(PythonEnv.root()).withDeploy(config)
                .withDeploySettings(DeploySettings.defaults().withOpenRetry(Duration.ofMillis(300))))) {
            String base = "http://127.0.0.1:" + server.port();
            var lint = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/lint?path=train.ipynb&standard=false"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).header("Content-Type", "application/json").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, lint.statusCode(), lint.body());
            var runs = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/runs")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(503, runs.statusCode(), runs.body());
            assertTrue(runs.body().contains("deploy is not available yet: the runs' store or cluster could not be opened (could not list "
                    + "gs://" + bucket + "/team-a/runs/: the bucket '" + bucket + "' does not exist"), runs.body());

            // The bucket is made: the next attempt opens the store, and deploy works without a restart.
            GCS.createBucket(bucket);
            long deadline = System.currentTimeMillis() + 30_000;
            int status = runs.statusCode();
            while (status != 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/runs")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            }
            assertEquals(200, status);
        }
    }
}
