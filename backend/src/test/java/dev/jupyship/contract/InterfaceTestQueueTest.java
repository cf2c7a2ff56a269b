package dev.jupyship.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jupyship.api.ErrorMapper;
import dev.jupyship.errors.Unavailable;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.PythonEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A queue that is closing takes no test: the caller is told to come back (a 503), not that the sidecar broke (a 500). */
class InterfaceTestQueueTest {

    @TempDir
    Path work;

    @Test
    void aClosedQueueAnswersUnavailable() throws Exception {
        Path notebook = Files.writeString(work.resolve("train.ipynb"), "{}");
        Path runs = work.resolve("test-runs");
        InterfaceTestQueue queue = new InterfaceTestQueue(runs, new PapermillRunner(PythonEnvironment.ofVenv(work.resolve("venv"))),
                new ParserCodeFacts(), 1);
        queue.close();
        Unavailable refused = assertThrows(Unavailable.class, () -> queue.start(notebook, "train.ipynb", Map.of(), null));
        assertEquals("the sidecar is shutting down: interface tests are not taken; start the test again once it is back", refused.getMessage());
        assertEquals(503, ErrorMapper.map(refused, null).status());
        assertFalse(Files.exists(runs), "nothing was queued");
    }
}
