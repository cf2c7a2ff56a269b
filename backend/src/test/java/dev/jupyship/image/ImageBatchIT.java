package dev.jupyship.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.testing.Container;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.RuntimeImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image as a batch job: {@code batch} runs the quickstart example with papermill in a folder
 * mounted from the host, as the README's {@code docker run -v ... batch} does, with no network.
 */
class ImageBatchIT {

    @RegisterExtension
    static final RuntimeImage IMAGE = new RuntimeImage();

    @TempDir
    Path folder;

    @Test
    void theQuickstartRunsAndWritesItsExecutedNotebookModelAndMetrics() throws Exception {
        Path work = Files.createDirectories(folder.resolve("work"));
        // The container's user (uid 1000) writes here, whoever runs the tests.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.copy(Corpus.repository().resolve("examples/quickstart.ipynb"), work.resolve("quickstart.ipynb"));

        Container batch = IMAGE.start(List.of("--network", "none", "--volume", work + ":/home/jovyan/work"),
                "batch", "quickstart.ipynb", "quickstart.out.ipynb", "-p", "output_dir", "outputs", "-p", "seed", "7");
        assertEquals(0, batch.waitForExit(Duration.ofMinutes(5)), batch.logs());

        JsonNode executed = Jsons.MAPPER.readTree(work.resolve("quickstart.out.ipynb").toFile());
        JsonNode papermill = executed.path("metadata").path("papermill");
        assertTrue(papermill.has("end_time") && papermill.path("exception").isNull(), "papermill ran it to its end: " + papermill);
        assertEquals(7, papermill.path("parameters").path("seed").asInt(), papermill.toString());
        for (JsonNode cell : executed.path("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                assertTrue(!output.path("output_type").asText().equals("error"), "an error output: " + output);
            }
        }

        // The metrics within the contract's bounds (examples/quickstart.ipynb: rmse <= 0.5, slope 2.5 to 3.5).
        JsonNode metrics = Jsons.MAPPER.readTree(work.resolve("outputs/metrics.json").toFile());
        assertTrue(metrics.path("rmse").asDouble(-1) >= 0 && metrics.path("rmse").asDouble() <= 0.5, metrics.toString());
        assertTrue(metrics.path("slope").asDouble() >= 2.5 && metrics.path("slope").asDouble() <= 3.5, metrics.toString());
        assertEquals("2026-01-01", metrics.path("run_date").asText(), metrics.toString());

        // Everything it wrote belongs to the image's user, uid 1000.
        for (String written : List.of("quickstart.out.ipynb", "outputs", "outputs/model.pkl", "outputs/metrics.json")) {
            assertEquals(1000, Files.getAttribute(work.resolve(written), "unix:uid"), written);
        }

        // The model loads in the image's own environment and predicts the contract's sample input (y = 3x + 1).
        Container load = IMAGE.start(List.of("--network", "none", "--volume", work + ":/home/jovyan/work", "--entrypoint", "python3"),
                "-c", "import cloudpickle; print(' '.join('%.1f' % y for y in cloudpickle.load(open('outputs/model.pkl', 'rb')).predict([0.0, 1.0, 2.0])))");
        assertEquals(0, load.waitForExit(Duration.ofMinutes(2)), load.logs());
        assertEquals("1.0 4.0 7.0", load.logs().strip());
    }
}
