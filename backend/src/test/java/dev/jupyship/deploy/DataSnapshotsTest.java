package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.contract.Contract;
import dev.jupyship.contract.ContractFormatException;
import dev.jupyship.contract.ContractReader;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.GcsEmulator;
import dev.jupyship.testing.Notebooks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot parameters resolved against a real store (a folder, and fake-gcs-server), fingerprinted, and checked again for a rerun. */
class DataSnapshotsTest {

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @TempDir
    Path folder;

    private static final String CONTRACT = "{\"parameters\": {\"train_data\": {\"type\": \"snapshot\", \"root\": \"datasets/churn/\", \"default\": \"latest\"},"
            + " \"seed\": {\"type\": \"int\"}}}";

    static Contract contract(String json) {
        String notebook = Notebooks.of("code", "train_data = 'sample'\nseed = 1").replace("\"metadata\": {\n  \"kernelspec\"",
                "\"metadata\": {\n  \"jupyship\": {\"contract\": " + json + "},\n  \"kernelspec\"");
        return ContractReader.read(Notebook.parse(notebook.getBytes(StandardCharsets.UTF_8), "n.ipynb")).orElseThrow();
    }

    static void snapshot(ArtifactStore store, String version, String data, boolean complete) throws Exception {
        String folder = "datasets/churn/snapshots/" + version + "/";
        store.put(folder + "train.csv", data.getBytes(StandardCharsets.UTF_8));
        if (complete) {
            store.put(folder + "_snapshot.json", "{\"files\": [\"train.csv\"]}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void latestIsTheGreatestCompleteVersionAndTheNotebookGetsItsFolder() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        snapshot(store, "20261201T030000Z", "x\n1\n", true);
        snapshot(store, "20261202T030000Z", "x\n1\n2\n", true);
        snapshot(store, "20261203T030000Z", "x\n", false); // being written: no marker yet
        DataSnapshots snapshots = new DataSnapshots(store);
        DataSnapshots.Resolved latest = snapshots.resolve(contract(CONTRACT), Map.of("seed", 3));
        SnapshotUse use = latest.uses().get("train_data");
        assertEquals("20261202T030000Z", use.version());
        assertEquals("latest", use.asked());
        assertEquals("datasets/churn", use.root());
        String expectedFolder = folder.resolve("store/datasets/churn/snapshots/20261202T030000Z").toString();
        assertEquals(expectedFolder, use.location());
        assertEquals(Map.of("seed", 3, "train_data", expectedFolder), latest.parameters());
        assertEquals(2, use.objects());
        assertEquals(6 + 24, use.bytes());
        SnapshotUse named = snapshots.resolve(contract(CONTRACT), Map.of("train_data", "20261201T030000Z")).uses().get("train_data");
        assertEquals("20261201T030000Z", named.version());
        assertNotEquals(use.fingerprint(), named.fingerprint());
        SnapshotUse again = snapshots.resolve(contract(CONTRACT), Map.of()).uses().get("train_data");
        assertEquals(use, again, "the same content gives the same fingerprint");
    }

    @Test
    void unknownIncompleteAndMalformedVersionsAreRefusedByName() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        DataSnapshots snapshots = new DataSnapshots(store);
        BadInput none = assertThrows(BadInput.class, () -> snapshots.resolve(contract(CONTRACT), Map.of()));
        assertTrue(none.getMessage().startsWith("train_data: there is no snapshot in file:"), none.getMessage());
        assertTrue(none.getMessage().endsWith("/datasets/churn/snapshots/ yet; write one with the write-snapshot snippet"), none.getMessage());
        snapshot(store, "v1", "x\n", true);
        snapshot(store, "v2", "x\n", false);
        assertEquals("train_data: no complete snapshot 'v2' in datasets/churn (its versions: v1)",
                assertThrows(BadInput.class, () -> snapshots.resolve(contract(CONTRACT), Map.of("train_data", "v2"))).getMessage());
        assertEquals("train_data: '../v1' is not a snapshot version (letters, digits, '.', '_' and '-') nor 'latest'",
                assertThrows(BadInput.class, () -> snapshots.resolve(contract(CONTRACT), Map.of("train_data", "../v1"))).getMessage());
        Contract noDefault = contract("{\"parameters\": {\"train_data\": {\"type\": \"snapshot\", \"root\": \"datasets/churn\"}}}");
        assertEquals(Map.of(), snapshots.resolve(noDefault, Map.of()).uses(), "without a value or default, the notebook's own value stays");
    }

    @Test
    void aRerunIsRefusedWhenItsSnapshotChangedEvenAtTheSameSize() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        snapshot(store, "v1", "x\n1\n", true);
        DataSnapshots snapshots = new DataSnapshots(store);
        Map<String, SnapshotUse> read = snapshots.resolve(contract(CONTRACT), Map.of()).uses();
        RunManifest run = new RunManifest("20261207T101500Z-abcdef", "p", "train.ipynb", null, null, Map.of(), "local", "dev", "local",
                dev.jupyship.deploy.cluster.RunStatus.SUCCEEDED, null, null, null, null, null, null, null, null, null, null, null, null)
                .withSnapshots(read);
        snapshots.requireUnchanged(run);
        snapshot(store, "v1", "x\n2\n", true);
        Conflict changed = assertThrows(Conflict.class, () -> snapshots.requireUnchanged(run));
        assertEquals("train_data: snapshot v1 of datasets/churn changed since run 20261207T101500Z-abcdef read it (2 objects, 28 bytes then,"
                + " 2 objects, 28 bytes now). A rerun trains on the data its run read: deploy anew to train on the snapshot as it is now",
                changed.getMessage());
        store.delete("datasets/churn/snapshots/v1/_snapshot.json");
        assertTrue(assertThrows(Conflict.class, () -> snapshots.requireUnchanged(run)).getMessage()
                .startsWith("train_data: snapshot v1 of datasets/churn is gone"));
    }

    @Test
    void onGcsTheNotebookGetsTheSnapshotsUriAndAChangeIsSeen() throws Exception {
        GcsArtifactStore store = new GcsArtifactStore(GCS.newBucket(), "team-a", GCS.endpoint());
        snapshot(store, "v1", "x\n1\n", true);
        snapshot(store, "v2", "x\n1\n", true);
        DataSnapshots snapshots = new DataSnapshots(store);
        SnapshotUse use = snapshots.resolve(contract(CONTRACT), Map.of()).uses().get("train_data");
        assertEquals(store.location("datasets/churn/snapshots/v2"), use.location());
        assertTrue(use.location().startsWith("gs://"), use.location());
        RunManifest run = new RunManifest("20261207T101500Z-abcdef", "p", "train.ipynb", null, null, Map.of(), "local", "dev", "local",
                dev.jupyship.deploy.cluster.RunStatus.SUCCEEDED, null, null, null, null, null, null, null, null, null, null, null, null)
                .withSnapshots(Map.of("train_data", use));
        snapshot(store, "v2", "x\n1\n", true); // written again, the same bytes: the same data
        snapshots.requireUnchanged(run);
        snapshot(store, "v2", "x\n9\n", true);
        assertThrows(Conflict.class, () -> snapshots.requireUnchanged(run));
    }

    @Test
    void theContractSaysWhereSnapshotsAreAndOnlyForSnapshots() {
        assertEquals("contract.parameters.d.root: missing; a snapshot parameter names the store folder of its snapshots, e.g. \"datasets/churn\"",
                assertThrows(ContractFormatException.class, () -> contract("{\"parameters\": {\"d\": {\"type\": \"snapshot\"}}}")).getMessage());
        assertEquals("contract.parameters.d.root: \"../x\" is not a folder of the store: /-separated names, no empty, . or .. part, not absolute",
                assertThrows(ContractFormatException.class, () -> contract("{\"parameters\": {\"d\": {\"type\": \"snapshot\", \"root\": \"../x\"}}}")).getMessage());
        assertEquals("contract.parameters.d.root: only snapshot parameters have a root",
                assertThrows(ContractFormatException.class, () -> contract("{\"parameters\": {\"d\": {\"type\": \"str\", \"root\": \"x\"}}}")).getMessage());
    }

    /** A complete snapshot whose _snapshot.json records a profile, as the write-snapshot snippet writes it. */
    static void profiled(ArtifactStore store, String version, long rows, String profile) throws Exception {
        String folder = "datasets/churn/snapshots/" + version + "/";
        store.put(folder + "train.csv", "charges,plan\n".getBytes(StandardCharsets.UTF_8));
        store.put(folder + "_snapshot.json", ("{\"files\": [\"train.csv\"], \"rows\": " + rows + ", \"columns\": [\"charges\", \"plan\"],"
                + " \"profile\": " + profile + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static final String VALIDATED = "{\"parameters\": {\"train_data\": {\"type\": \"snapshot\", \"root\": \"datasets/churn\","
            + " \"default\": \"latest\", \"validate\": {\"columns\": [\"charges\", \"plan\"], \"max_null_fraction\": 0.01,"
            + " \"max_mean_change\": {\"charges\": 0.2}}}}}";

    @Test
    void aSnapshotIsValidatedAgainstItsProfileAndThePreviousVersionBeforeARunReadsIt() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        DataSnapshots snapshots = new DataSnapshots(store);
        profiled(store, "2026-12-01", 1000, "{\"charges\": {\"nulls\": 0, \"mean\": 70.0}, \"plan\": {\"nulls\": 3}}");
        assertEquals(java.util.List.of("has the columns charges, plan", "no column more than 1% empty (at most 0.3%)",
                        "charges mean 70: no earlier version to compare with"),
                snapshots.resolve(contract(VALIDATED), Map.of()).uses().get("train_data").validated());
        profiled(store, "2026-12-02", 1000, "{\"charges\": {\"nulls\": 0, \"mean\": 80.5}, \"plan\": {\"nulls\": 0}}");
        SnapshotUse next = snapshots.resolve(contract(VALIDATED), Map.of()).uses().get("train_data");
        assertEquals("charges mean 80.5 moved 15% from 70 in 2026-12-01 (at most 20%)", next.validated().get(2));
        assertEquals(next, RunHistory.JSON.readValue(RunHistory.JSON.writeValueAsBytes(next), SnapshotUse.class), "the run records it");

        profiled(store, "2026-12-03", 1000, "{\"charges\": {\"nulls\": 40, \"mean\": 120.75}, \"plan\": {\"nulls\": 0}}");
        BadInput drifted = assertThrows(BadInput.class, () -> snapshots.resolve(contract(VALIDATED), Map.of()));
        assertEquals("train_data: snapshot 2026-12-03 of datasets/churn fails its contract's validation: column charges is 4% empty "
                + "(40 of 1000 rows), more than the 1% allowed; charges mean 120.8 moved 50% from 80.5 in 2026-12-02, more than the 20% "
                + "allowed. Write a corrected version, or deploy with an earlier one (train_data=<version>)", drifted.getMessage());
        assertEquals("2026-12-02", snapshots.resolve(contract(VALIDATED), Map.of("train_data", "2026-12-02")).uses().get("train_data").version(),
                "an earlier version still passes");

        snapshot(store, "2026-12-04", "plan\nbasic\n", true); // a marker without columns or profile
        assertEquals("train_data: snapshot 2026-12-04 of datasets/churn fails its contract's validation: lacks the column(s) charges, plan "
                        + "(it has ); its _snapshot.json records no profile of its columns (the write-snapshot snippet writes one). Write a "
                        + "corrected version, or deploy with an earlier one (train_data=<version>)",
                assertThrows(BadInput.class, () -> snapshots.resolve(contract(VALIDATED), Map.of())).getMessage());
    }

    @Test
    void aValidationIsDeclaredOnlyForSnapshotsAndInItsOwnTerms() {
        assertEquals("contract.parameters.d.validate: only snapshot parameters are validated",
                assertThrows(ContractFormatException.class, () -> contract("{\"parameters\": {\"d\": {\"type\": \"str\", \"validate\": {}}}}"))
                        .getMessage());
        assertEquals("contract.parameters.d.validate.max_mean_change.charges: \"a lot\" is not a number >= 0 (0.2 is 20%)",
                assertThrows(ContractFormatException.class, () -> contract("{\"parameters\": {\"d\": {\"type\": \"snapshot\", \"root\": \"x\","
                        + " \"validate\": {\"max_mean_change\": {\"charges\": \"a lot\"}}}}}")).getMessage());
        assertTrue(assertThrows(ContractFormatException.class, () -> contract("{\"parameters\": {\"d\": {\"type\": \"snapshot\", \"root\": \"x\","
                + " \"validate\": {\"max_nulls\": 0.1}}}}")).getMessage().startsWith("contract.parameters.d.validate"));
    }
}
