package dev.jupyship.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.PythonEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image/start, the entrypoint of the image and of the dev set-up, run as a batch job runs it. */
class ImageStartTest {

    private static final Path REPO = Corpus.repository();

    @TempDir
    Path work;

    /**
     * The process ends; the bound only keeps a hung process from hanging the build, it is no
     * performance aim (how fast things start is bench/'s business).
     */
    private static void assertEnds(Process process) throws InterruptedException {
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "still running after 10 minutes: hung");
    }

    private Process start(List<String> args) throws Exception {
        return start(args, java.util.Map.of());
    }

    private Process start(List<String> args, java.util.Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(args).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("start.log").toFile());
        builder.environment().put("JUPYSHIP_VENV", PythonEnv.root().toString());
        builder.environment().remove("JUPYSHIP_HOME");
        builder.environment().remove("JUPYSHIP_MODE_FILE");
        builder.environment().putAll(env);
        return builder.start();
    }

    @Test
    void batchRunsANotebookWithPapermillAndWritesTheOutput() throws Exception {
        PythonEnv.program("papermill");
        Path output = work.resolve("quickstart-out.ipynb");
        Process batch = start(List.of(REPO.resolve("image/start").toString(), "batch",
                REPO.resolve("examples/quickstart.ipynb").toString(), output.toString()));
        assertEnds(batch);
        String log = Files.readString(work.resolve("start.log"));
        assertEquals(0, batch.exitValue(), log);
        JsonNode notebook = new ObjectMapper().readTree(output.toFile());
        assertTrue(notebook.path("metadata").has("papermill"), "papermill wrote the output notebook");
        int executed = 0;
        for (JsonNode cell : notebook.path("cells")) {
            if ("code".equals(cell.path("cell_type").asText()) && cell.path("execution_count").isNumber()) {
                executed++;
            }
            for (JsonNode out : cell.path("outputs")) {
                assertTrue(!"error".equals(out.path("output_type").asText()), "a cell failed: " + out);
            }
        }
        assertTrue(executed > 0, "no cell ran: " + log);
    }

    @Test
    void singleuserStartsJupyterHubsSingleUserServerOfThePinnedEnvironment() throws Exception {
        PythonEnv.program("jupyterhub-singleuser");
        Process version = start(List.of(REPO.resolve("image/start").toString(), "singleuser", "--version"));
        assertEnds(version);
        String log = Files.readString(work.resolve("start.log"));
        assertEquals(0, version.exitValue(), log);
        assertTrue(log.strip().matches("[56]\\.\\d+\\.\\d+"), "the jupyterhub of image/requirements.txt: " + log);
    }

    @Test
    void anUnknownModeIsABadUsage() throws Exception {
        Process bad = start(List.of(REPO.resolve("image/start").toString(), "notebook"));
        assertEnds(bad);
        assertEquals(2, bad.exitValue());
        assertTrue(Files.readString(work.resolve("start.log")).contains("usage: image/start lab"));
        Process missing = start(List.of(REPO.resolve("image/start").toString(), "batch", "only-one.ipynb"));
        assertEnds(missing);
        assertEquals(2, missing.exitValue());
    }

    @Test
    void theModeIsRecordedForTheHealthCheckAndABatchContainerIsHealthy() throws Exception {
        PythonEnv.program("jupyterhub-singleuser");
        Path modeFile = work.resolve("mode");
        Process version = start(List.of(REPO.resolve("image/start").toString(), "singleuser", "--version"),
                java.util.Map.of("JUPYSHIP_MODE_FILE", modeFile.toString()));
        assertEnds(version);
        assertEquals("singleuser", Files.readString(modeFile).strip(), "the health check asks the Jupyter server in this mode");

        Files.writeString(modeFile, "batch\n");
        Process health = start(List.of(REPO.resolve("image/start").toString(), "health"), java.util.Map.of("JUPYSHIP_MODE_FILE", modeFile.toString()));
        assertEnds(health);
        assertEquals(0, health.exitValue(), "a batch job has no server to ask: " + Files.readString(work.resolve("start.log")));
        Files.writeString(modeFile, "lab\n");
        Process unrecorded = start(List.of(REPO.resolve("image/start").toString(), "batch", "only-one.ipynb"));
        assertEnds(unrecorded);
        assertEquals("lab", Files.readString(modeFile).strip(), "without JUPYSHIP_MODE_FILE (the dev set-up) nothing is written");
    }
}
