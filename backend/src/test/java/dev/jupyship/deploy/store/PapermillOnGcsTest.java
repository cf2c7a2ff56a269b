package dev.jupyship.deploy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.testing.GcsEmulator;
import dev.jupyship.testing.PythonEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a Kubernetes job uses the store, with the job's own command ({@code image/start batch
 * --outputs-to}) and real papermill (with gcsfs, from the project's environment) against the
 * emulator: the input is read from {@code gs://}, the executed notebook written back there, and
 * what the notebook writes with plain {@code open()} under its local {@code output_dir} is put in
 * the run's artifacts folder when papermill ends, however it ends; the Java store sees it all.
 */
class PapermillOnGcsTest {

    private static final Path REPO = dev.jupyship.testing.Corpus.repository();

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @TempDir
    Path folder;

    private record Job(int exit, String log) {
    }

    private Job runJob(GcsArtifactStore store, String run, String... papermillOptions) throws Exception {
        PythonEnv.program("papermill");
        List<String> command = new java.util.ArrayList<>(List.of(REPO.resolve("image/start").toString(), "batch",
                store.location(run + "/input.ipynb"), store.location(run + "/executed.ipynb"), "--outputs-to", store.location(run + "/artifacts") + "/"));
        command.addAll(List.of(papermillOptions));
        Path home = Files.createDirectories(folder.resolve("home-" + run));
        ProcessBuilder job = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(folder.resolve(run + ".log").toFile())
                .directory(home.toFile());
        job.environment().remove("GOOGLE_APPLICATION_CREDENTIALS");
        job.environment().remove("JUPYSHIP_HOME");
        job.environment().put("JUPYSHIP_VENV", PythonEnv.root().toString());
        job.environment().put("HOME", home.toString());
        job.environment().putAll(GCS.pythonEnvironment(Files.createDirectories(folder.resolve("no-gcloud"))));
        Process process = job.start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the job did not finish in 180 s");
        return new Job(process.exitValue(), Files.readString(folder.resolve(run + ".log")));
    }

    @Test
    void theJobReadsAndWritesTheStoreAndTheNotebooksPlainFilesReachIt() throws Exception {
        String bucket = GCS.newBucket();
        GcsArtifactStore store = new GcsArtifactStore(bucket, "team-a", GCS.endpoint());
        // What a notebook does on a laptop: os.makedirs and open() under output_dir.
        store.putFile("run/input.ipynb", TinyNotebooks.write(folder.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'",
                TinyNotebooks.WRITE_METRICS + "\nos.makedirs(os.path.join(output_dir, 'plots'), exist_ok=True)\n"
                        + "open(os.path.join(output_dir, 'plots', 'a.txt'), 'w').write('p')"));
        Job job = runJob(store, "run", "-p", "score", "0.75");
        assertEquals(0, job.exit(), job.log());
        assertTrue(job.log().contains("jupyship: stored 3 output file(s)"), job.log());

        assertEquals(List.of("run/artifacts/metrics.json", "run/artifacts/model.txt", "run/artifacts/plots/a.txt", "run/executed.ipynb",
                "run/input.ipynb"), store.list("run/"));
        JsonNode metrics = new ObjectMapper().readTree(store.read("run/artifacts/metrics.json"));
        assertEquals(0.75, metrics.get("score").asDouble());
        assertEquals("m", new String(store.read("run/artifacts/model.txt"), StandardCharsets.UTF_8));
        JsonNode executed = new ObjectMapper().readTree(store.read("run/executed.ipynb"));
        assertEquals(0.75, executed.path("metadata").path("papermill").path("parameters").path("score").asDouble());
        assertTrue(executed.toString().contains("done 0.75"), "the executed notebook holds the cell's output");
        assertTrue(!executed.path("metadata").path("papermill").path("parameters").path("output_dir").asText().startsWith("gs:"),
                "output_dir is the job's local folder");
    }

    @Test
    void aFailingNotebookKeepsItsExitStatusAndItsPartialOutputsAreStored() throws Exception {
        String bucket = GCS.newBucket();
        GcsArtifactStore store = new GcsArtifactStore(bucket, null, GCS.endpoint());
        store.putFile("broken/input.ipynb", TinyNotebooks.write(folder.resolve("broken.ipynb"), "score = 0.5\noutput_dir = 'x'",
                TinyNotebooks.WRITE_METRICS, "raise RuntimeError('evaluation failed')"));
        Job job = runJob(store, "broken");
        assertNotEquals(0, job.exit(), job.log());
        assertTrue(job.log().contains("RuntimeError"), job.log());
        assertEquals(List.of("broken/artifacts/metrics.json", "broken/artifacts/model.txt", "broken/executed.ipynb", "broken/input.ipynb"),
                store.list("broken/"));
    }
}
