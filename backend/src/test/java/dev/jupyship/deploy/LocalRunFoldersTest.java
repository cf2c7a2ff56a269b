package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.cluster.LocalBatchCluster;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.run.RunEnvironment;
import dev.jupyship.testing.PythonEnv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What local runs leave on this machine, with real papermill: nothing once stored; the outputs
 * and their folder when the store refuses them, stored and removed at the next start; and the
 * environment allow-list's configuration.
 */
class LocalRunFoldersTest {

    @TempDir
    Path workspace;

    private Deployer deployer(ArtifactStore store) throws IOException {
        return deployer(store, DeploySettings.defaults().withUploadBackoff(Duration.ofMillis(1)));
    }

    private Deployer deployer(ArtifactStore store, DeploySettings settings) throws IOException {
        Path root = workspace.resolve(".jupyship");
        LocalBatchCluster cluster = new LocalBatchCluster(new PapermillRunner(PythonEnvironment.ofVenv(PythonEnv.root())),
                root.resolve("deploy-work/jobs"), 1);
        return new Deployer(workspace, store, cluster, DeployConfig.defaults(), Clock.systemUTC(), settings);
    }

    private Path work(String more) {
        return workspace.resolve(".jupyship/deploy-work/" + more);
    }

    @Test
    void aStoredRunLeavesNothingAndARefusedOneIsKeptThenStoredAtTheNextStart() throws Exception {
        PythonEnv.program("papermill");
        TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", TinyNotebooks.WRITE_METRICS);
        LocalArtifactStore local = new LocalArtifactStore(workspace.resolve(".jupyship"));
        RunManifest stored;
        try (Deployer deployer = deployer(local)) {
            stored = deployer.await(deployer.deploy(new DeployRequest("train.ipynb", null, Map.of("score", 0.25), null, false, null)).id(),
                    Duration.ofSeconds(120));
        }
        assertEquals(RunStatus.SUCCEEDED, stored.status(), String.valueOf(stored.failure()));
        assertFalse(Files.exists(work("jobs/" + stored.id())), "stored: the working folder is gone");
        assertFalse(Files.exists(work("inputs/" + stored.id() + ".ipynb")));

        ArtifactStore refusing = refusingArtifacts(local);
        RunManifest refused;
        try (Deployer deployer = deployer(refusing)) {
            refused = deployer.await(deployer.deploy(new DeployRequest("train.ipynb", null, Map.of("score", 0.75), null, false, null)).id(),
                    Duration.ofSeconds(120));
        }
        assertEquals(RunStatus.FAILED, refused.status());
        assertEquals("store", refused.failure().kind());
        assertTrue(refused.failure().summary().contains("disk full"), refused.failure().summary());
        Path kept = work("jobs/" + refused.id());
        assertTrue(Files.readString(kept.resolve("output/metrics.json")).contains("0.75"), "kept for the next start");
        assertFalse(Files.exists(kept.resolve("work/home")), "the run's HOME is never kept");
        assertFalse(Files.exists(work("inputs/" + refused.id() + ".ipynb")));
        Files.createDirectories(work("jobs/20200101T000000Z-abcdef"));
        Files.writeString(work("inputs/20200101T000000Z-abcdef.ipynb"), "{}");

        try (Deployer restarted = deployer(local)) {
            assertEquals(0, restarted.recover());
            RunManifest now = restarted.require(refused.id());
            assertEquals(RunStatus.SUCCEEDED, now.status(), String.valueOf(now.failure()));
            assertEquals(0.75, ((Number) now.metrics().get("score")).doubleValue());
            assertTrue(local.exists(now.prefix() + RunLayout.ARTIFACTS + "model.txt"));
            assertTrue(new String(local.read(now.prefix() + RunLayout.LOG)).contains("Executing"));
        }
        assertEquals(List.of(), List.of(work("jobs").toFile().list()), "stored now, and leftovers of unknown runs removed");
        assertEquals(List.of(), List.of(work("inputs").toFile().list()));
    }

    /** A store that refuses every run's artifacts, as a full bucket would. */
    private static ArtifactStore refusingArtifacts(ArtifactStore inner) {
        return new DeployerTest.FailingStore(inner, -1) {
            @Override
            public void put(String key, InputStream data) throws IOException {
                if (key.contains(RunLayout.ARTIFACTS)) {
                    throw new IOException("disk full");
                }
                super.put(key, data);
            }
        };
    }

    /**
     * While the store refuses outputs, this machine keeps at most {@code maxUnstored} runs' (5 by
     * default; 2 here, so that three runs show it): the oldest go first, record and folder alike.
     */
    @Test
    void unstoredRunsKeptHereAreBoundedOldestDroppedFirst() throws Exception {
        assertEquals(5, DeploySettings.defaults().maxUnstored());
        PythonEnv.program("papermill");
        TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", TinyNotebooks.WRITE_METRICS);
        DeploySettings d = DeploySettings.defaults();
        DeploySettings keepTwo = new DeploySettings(d.uploadAttempts(), Duration.ofMillis(1), d.rescan(), d.fullRescan(), 2, d.openRetry(),
                d.storeAttempts(), d.closeWait());
        List<String> ids = new ArrayList<>();
        try (Deployer deployer = deployer(refusingArtifacts(new LocalArtifactStore(workspace.resolve(".jupyship"))), keepTwo)) {
            for (int run = 1; run <= 3; run++) {
                RunManifest refused = deployer.await(deployer.deploy(new DeployRequest("train.ipynb", null, Map.of("score", run), null, false,
                        null)).id(), Duration.ofSeconds(120));
                assertEquals("store", refused.failure().kind(), String.valueOf(refused.failure()));
                ids.add(refused.id());
                // Ids sort by time to the second: runs a second apart keep "oldest first" unambiguous.
                Thread.sleep(1100);
            }
        }
        List<String> newest = ids.subList(1, 3);
        assertEquals(newest.stream().map(id -> id + ".json").sorted().toList(), sorted(work("unstored")));
        assertEquals(newest.stream().sorted().toList(), sorted(work("jobs")), "the oldest run's folder went with its record");
        assertEquals(List.of(), sorted(work("inputs")));
    }

    private static List<String> sorted(Path folder) {
        String[] names = folder.toFile().list();
        return names == null ? List.of() : Arrays.stream(names).sorted().toList();
    }

    @Test
    void theRunsEnvironmentAllowListCanBeExtendedButNeverWithTheSidecarsSecrets() throws Exception {
        RunEnvironment environment = new RunEnvironment(List.of("WANDB_API_KEY", "AWS_*"));
        assertEquals(Map.of("PATH", "/bin", "LC_ALL", "C", "PYTHONPATH", "/lib", "WANDB_API_KEY", "w", "AWS_REGION", "eu"),
                environment.filter(Map.of("PATH", "/bin", "LC_ALL", "C", "PYTHONPATH", "/lib", "WANDB_API_KEY", "w", "AWS_REGION", "eu",
                        "JUPYSHIP_TOKEN", "t", "JUPYTERHUB_API_TOKEN", "h", "KUBECONFIG", "/k", "JAVA_TOOL_OPTIONS", "-X")));
        // The store's client environment (a GCS emulator's endpoint) reaches every run, over what the parent has.
        RunEnvironment withStore = new RunEnvironment(List.of(), Map.of("STORAGE_EMULATOR_HOST", "http://127.0.0.1:4443"));
        assertEquals(Map.of("PATH", "/bin", "STORAGE_EMULATOR_HOST", "http://127.0.0.1:4443"),
                withStore.filter(Map.of("PATH", "/bin", "STORAGE_EMULATOR_HOST", "http://elsewhere:1", "JUPYSHIP_TOKEN", "t")));
        assertThrows(IllegalArgumentException.class, () -> new RunEnvironment(List.of(), Map.of("JUPYSHIP_TOKEN", "t")));
        Files.writeString(workspace.resolve("jupyship.toml"), "[deploy]\npass_environment = [\"WANDB_API_KEY\", \"AWS_*\"]\n");
        assertEquals(List.of("WANDB_API_KEY", "AWS_*"), DeployConfig.load(workspace, Map.of()).passEnvironment());
        for (String secret : List.of("JUPYSHIP_TOKEN", "JUPYSHIP_*", "JUPYTERHUB_*")) {
            Files.writeString(workspace.resolve("jupyship.toml"), "[deploy]\npass_environment = [\"" + secret + "\"]\n");
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> DeployConfig.load(workspace, Map.of()));
            assertTrue(refused.getMessage().startsWith(workspace.resolve("jupyship.toml") + ": [deploy] pass_environment entry '" + secret
                    + "' would pass "), refused.getMessage());
        }
        Files.writeString(workspace.resolve("jupyship.toml"), "[deploy]\npass_environment = [\"A B\"]\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeployConfig.load(workspace, Map.of())).getMessage()
                .contains("is not a variable name"));
    }
}
