package dev.jupyship.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One papermill run: which notebook, where, with what.
 *
 * @param notebook    the notebook to execute (read only)
 * @param workDir     a fresh folder for the run: it becomes the kernel's working folder, and holds
 *                    the executed notebook, the logs, and the run's own HOME and TMPDIR
 * @param parameters  values to inject (plain JSON values)
 * @param kernel      the kernel name, or null for the one the notebook's kernelspec names
 * @param timeLimit   for the whole run, kernel start included; the process tree is killed after it
 * @param logCapBytes the most each of papermill's stdout and stderr logs keeps
 * @param logCellOutput papermill also logs what cells print ({@code --log-output}): batch runs, whose
 *                    log is what people follow; interface tests read outputs from the notebook instead
 */
public record RunSpec(Path notebook, Path workDir, Map<String, Object> parameters, String kernel, Duration timeLimit,
                      long logCapBytes, boolean logCellOutput) {

    public RunSpec(Path notebook, Path workDir, Map<String, Object> parameters, String kernel, Duration timeLimit, long logCapBytes) {
        this(notebook, workDir, parameters, kernel, timeLimit, logCapBytes, false);
    }

    public static final long DEFAULT_LOG_CAP_BYTES = 1024 * 1024;

    public RunSpec {
        parameters = Parameters.copyOf(parameters);
    }
}
