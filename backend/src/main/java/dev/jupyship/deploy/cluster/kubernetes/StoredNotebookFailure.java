package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.run.CellFailure;
import dev.jupyship.run.ExecutedNotebook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Why a Kubernetes run failed, in the user's terms: the pod's reason, and where the notebook was,
 * read from the executed notebook papermill wrote to the store as it went (per-cell
 * {@code metadata.papermill.status}): the cell that raised, or the last cell that ran when the pod
 * died outside the kernel.
 */
final class StoredNotebookFailure {

    private StoredNotebookFailure() {
    }

    static RunFailure explain(PodProblem problem, ArtifactStore store, String prefix) {
        List<ExecutedNotebook.CellState> executed = scan(store, prefix + RunLayout.EXECUTED);
        boolean hadInjected = hadInjectedCell(store, prefix);
        if (problem.notebookExplains()) {
            RunFailure raised = cellError(executed, hadInjected);
            if (raised != null) {
                return raised;
            }
        }
        if (problem.ranNoCell()) {
            return RunFailure.of(problem.kind(), problem.summary());
        }
        CellFailure last = ExecutedNotebook.lastStarted(executed, hadInjected);
        String where = last != null ? " in cell " + (last.cell() + 1) + ", the last cell that ran"
                : executed == null ? " (no executed notebook in the store: it stopped before papermill saved one)" : " before any cell ran";
        return RunFailure.at(problem.kind(), problem.summary() + where, last);
    }

    /**
     * The outcome of a run whose Job is gone, from the executed notebook in the store: failed at the
     * cell papermill marked, or succeeded when every code cell completed; empty when it stopped
     * mid-way or left no notebook (nothing then says how it ended).
     */
    static Optional<JobOutcome> ended(ArtifactStore store, String prefix) {
        List<ExecutedNotebook.CellState> executed = scan(store, prefix + RunLayout.EXECUTED);
        if (executed == null) {
            return Optional.empty();
        }
        RunFailure raised = cellError(executed, hadInjectedCell(store, prefix));
        if (raised != null) {
            return Optional.of(new JobOutcome(RunStatus.FAILED, raised, null, null));
        }
        boolean allCompleted = executed.stream().filter(ExecutedNotebook.CellState::isCode).allMatch(cell -> "completed".equals(cell.status()));
        return allCompleted ? Optional.of(new JobOutcome(RunStatus.SUCCEEDED, null, null, null)) : Optional.empty();
    }

    /** The cell that raised, with its traceback, as the run's failure; null when none did. */
    private static RunFailure cellError(List<ExecutedNotebook.CellState> executed, boolean hadInjected) {
        CellFailure failed = ExecutedNotebook.failedCell(executed, hadInjected);
        return failed == null ? null : RunFailure.at("cell-error", RunFailure.raised(failed), failed);
    }

    /** Whether the notebook as deployed already had papermill's parameters cell (cell numbers then match). */
    private static boolean hadInjectedCell(ArtifactStore store, String prefix) {
        List<ExecutedNotebook.CellState> input = scan(store, prefix + RunLayout.INPUT);
        return input != null && ExecutedNotebook.hasInjectedCell(input);
    }

    /** The cells of a notebook in the store, or null when it is not there or not readable (papermill mid-write). */
    private static List<ExecutedNotebook.CellState> scan(ArtifactStore store, String key) {
        Path copy = null;
        try {
            if (!store.exists(key)) {
                return null;
            }
            copy = Files.createTempFile("jupyship-executed-", ".ipynb");
            try (InputStream in = store.get(key)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return ExecutedNotebook.scan(copy, true);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // a temporary file left behind costs disk only
                }
            }
        }
    }
}
