package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.LocalArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history a command that only reads opens: manifests' JSON, one run read by id, a list without a cluster. */
class RunHistoryTest {

    @TempDir
    Path workspace;

    private static RunManifest run(Instant at, String notebook, RunStatus status) {
        return new RunManifest(RunLayout.newId(at), "p", notebook, null, GitFacts.NONE, Map.of(), "img", "dev", "local", status, at, at,
                status.isFinal() ? at : null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void instantsAreIsoTextAsInstantWritesThem() throws Exception {
        Instant at = Instant.parse("2026-11-28T02:30:00.100Z");
        RunManifest manifest = run(at, "nb.ipynb", RunStatus.SUCCEEDED);
        String json = new String(RunHistory.JSON.writeValueAsBytes(manifest), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"createdAt\" : \"" + at + "\""), json);
        assertEquals(manifest, RunHistory.JSON.readValue(json, RunManifest.class));
    }

    @Test
    void oneRunIsReadByIdAndOneNotebooksRunsByListingThem() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(workspace.resolve(".jupyship"));
        Instant now = Instant.parse("2026-11-28T00:00:00Z");
        RunManifest a = run(now, "a.ipynb", RunStatus.SUCCEEDED);
        RunManifest b = run(now.plusSeconds(1), "b.ipynb", RunStatus.FAILED);
        for (RunManifest run : List.of(a, b)) {
            store.put(run.prefix() + RunLayout.MANIFEST, RunHistory.JSON.writeValueAsBytes(run));
        }
        java.nio.file.Files.writeString(workspace.resolve(DeployConfig.FILE), "[deploy]\nproject = \"p\"\n");
        RunHistory history = Deployer.history(workspace, DeployConfig.load(workspace, Map.of()));
        assertEquals(0, history.size(), "nothing is read when it opens");
        assertEquals(b, history.readOne(b.id()).orElseThrow());
        assertEquals(1, history.size(), "no other manifest was read");
        assertEquals(List.of(a), history.list("a.ipynb", null));
        assertEquals(2, history.size());
        assertEquals("", Deployer.storedLog(history, a.id()), "an ended run's log is read from the store");
    }
}
