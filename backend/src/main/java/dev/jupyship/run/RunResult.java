package dev.jupyship.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a papermill run ended.
 *
 * @param outcome          what happened
 * @param exitCode         papermill's exit status (-1 when it was killed or never started)
 * @param executedNotebook the notebook papermill saved, or null when it wrote none
 * @param stdoutLog        papermill's stdout (capped)
 * @param stderrLog        papermill's stderr (capped)
 * @param failure          for {@link Outcome#CELL_FAILED}: the failing cell; for a dead kernel,
 *                         a timeout or a cancel: the last cell that started (no exception), or null
 * @param message          one line for people
 * @param outsideWrites    files the notebook wrote outside its working folder, as far as seen
 * @param duration         wall time of the run
 */
public record RunResult(Outcome outcome, int exitCode, Path executedNotebook, Path stdoutLog, Path stderrLog,
                        CellFailure failure, String message, List<String> outsideWrites, Duration duration) {

    public enum Outcome {
        SUCCEEDED, CELL_FAILED, KERNEL_DIED, TIMED_OUT, CANCELLED, PAPERMILL_FAILED
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }
}
