package dev.jupyship.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.testing.GcsEmulator;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.PythonEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real papermill runs with the gcs store (a real fake-gcs-server): the gate decides, and the champion and its history are in the bucket. */
class PromotionOnGcsTest {

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @TempDir
    Path workspace;

    @Test
    void theChampionAndItsHistoryLiveInTheBucket() throws Exception {
        PythonEnv.program("papermill");
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'",
                TinyNotebooks.WRITE_METRICS), """
                {"parameters": {"score": {"type": "float"}, "output_dir": {"type": "str"}},
                 "outputs": {"model": {"path": "model.txt", "name": "scorer"},
                             "metrics": {"keys": {"score": {"min": 0, "better": "higher"}}}}}""");
        String bucket = GCS.newBucket();
        DeployConfig config = DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", bucket,
                "JUPYSHIP_STORE_PREFIX", "team-a", "JUPYSHIP_STORE_ENDPOINT", GCS.endpoint(), "JUPYSHIP_PROJECT", "churn"));
        RunManifest worse;
        try (Deployer deployer = Deployer.open(workspace, config, PythonEnvironment.ofVenv(PythonEnv.root()))) {
            Champions champions = PromotionCompletion.register(deployer);
            RunManifest first = deployer.await(deployer.deploy(new DeployRequest("train.ipynb", null, Map.of("score", 0.8), null, false, null))
                    .id(), HangGuard.LIMIT);
            assertEquals(RunStatus.SUCCEEDED, first.status(), String.valueOf(first.failure()));
            assertEquals(Promotion.Decision.PROMOTED, first.promotion().decision());
            worse = deployer.await(deployer.deploy(new DeployRequest("train.ipynb", null, Map.of("score", 0.7), null, false, null))
                    .id(), HangGuard.LIMIT);
            assertEquals(List.of("score 0.7 is below the champion's 0.8"), worse.promotion().reasons());
            RunManifest negative = deployer.await(deployer.deploy(new DeployRequest("train.ipynb", null, Map.of("score", -1), null, false, null))
                    .id(), HangGuard.LIMIT);
            assertEquals(RunStatus.FAILED, negative.status());
            assertEquals("score -1 is below the contract's minimum 0", negative.failure().summary());
            assertEquals(first.id(), champions.show("train.ipynb", "scorer").champion().run());
        }
        GcsArtifactStore store = new GcsArtifactStore(bucket, "team-a", GCS.endpoint());
        List<String> keys = store.list(Champions.ROOT);
        assertEquals(3, keys.size(), keys.toString());
        assertEquals("champions/churn/train.ipynb/scorer/champion.json", keys.get(0));
        assertTrue(keys.get(1).startsWith("champions/churn/train.ipynb/scorer/history/"), keys.toString());
        assertEquals(worse.id(), RunHistory.JSON.readValue(store.read(keys.get(1)), ChampionEvent.class).run(), "newest first");
    }
}
