package dev.jupyship.deploy.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.testing.PythonEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A notebook, and what papermill really wrote when its kernel was killed in cell 2 (as in a pod
 * killed for memory or at its deadline): cells 0-2 started. The state tests put it in the store to
 * show the last cell that ran.
 *
 * @param notebook the notebook (parameter {@code n})
 * @param executed papermill's executed notebook, run with {@code n = 2}
 */
record KilledInCell2(Path notebook, Path executed) {

    static KilledInCell2 make(Path folder) throws Exception {
        Path papermill = PythonEnv.program("papermill");
        Path notebook = TinyNotebooks.write(folder.resolve("train.ipynb"), "n = 1", "x = [0] * n",
                "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "print('never')");
        Path executed = folder.resolve("executed.ipynb");
        Process run = new ProcessBuilder(papermill.toString(), "--no-progress-bar", notebook.toString(), executed.toString(),
                "-y", "{\"n\": 2}").redirectErrorStream(true).redirectOutput(folder.resolve("papermill.log").toFile()).start();
        assertTrue(run.waitFor(120, TimeUnit.SECONDS));
        assertEquals(138, run.exitValue(), Files.readString(folder.resolve("papermill.log")));
        return new KilledInCell2(notebook, executed);
    }
}
