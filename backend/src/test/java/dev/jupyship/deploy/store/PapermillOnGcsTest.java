package dev.jupyship.deploy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * How a Kubernetes job will use the store: real papermill (with gcsfs, from the project's
 * environment) reads its input from {@code gs://}, writes the executed notebook back there, and the
 * notebook's own artifacts reach the store through the {@code output_dir} parameter, all against
 * the emulator, and the Java store sees what Python wrote.
 */
class PapermillOnGcsTest {

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @TempDir
    Path folder;

    @Test
    void papermillReadsItsInputAndWritesItsOutputsThroughGs() throws Exception {
        Path papermill = PythonEnv.program("papermill");
        String bucket = GCS.newBucket();
        GcsArtifactStore store = new GcsArtifactStore(bucket, "team-a", GCS.endpoint());
        // What a notebook does in a job: writes to output_dir through fsspec, whatever its scheme.
        Path notebook = TinyNotebooks.write(folder.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", """
                import json, fsspec
                with fsspec.open(output_dir + '/metrics.json', 'w') as f:
                    json.dump({'score': score}, f)
                with fsspec.open(output_dir + '/model.txt', 'w') as f:
                    f.write('m')
                print('done', score)""");
        store.putFile("run/input.ipynb", notebook);

        ProcessBuilder run = new ProcessBuilder(List.of(papermill.toString(), store.location("run/input.ipynb"),
                store.location("run/executed.ipynb"), "-p", "score", "0.75", "-p", "output_dir", store.location("run/artifacts")))
                .redirectErrorStream(true).redirectOutput(folder.resolve("papermill.log").toFile()).directory(folder.toFile());
        run.environment().remove("GOOGLE_APPLICATION_CREDENTIALS");
        run.environment().putAll(GCS.pythonEnvironment(Files.createDirectories(folder.resolve("no-gcloud"))));
        Process process = run.start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "papermill did not finish in 180 s");
        String log = Files.readString(folder.resolve("papermill.log"));
        assertEquals(0, process.exitValue(), log);

        assertEquals(List.of("run/artifacts/metrics.json", "run/artifacts/model.txt", "run/executed.ipynb", "run/input.ipynb"), store.list("run/"));
        JsonNode metrics = new ObjectMapper().readTree(store.read("run/artifacts/metrics.json"));
        assertEquals(0.75, metrics.get("score").asDouble());
        assertEquals("m", new String(store.read("run/artifacts/model.txt"), StandardCharsets.UTF_8));
        JsonNode executed = new ObjectMapper().readTree(store.read("run/executed.ipynb"));
        assertEquals(0.75, executed.path("metadata").path("papermill").path("parameters").path("score").asDouble());
        assertTrue(executed.toString().contains("done 0.75"), "the executed notebook holds the cell's output");
    }
}
