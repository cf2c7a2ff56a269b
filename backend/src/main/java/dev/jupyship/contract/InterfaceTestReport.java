package dev.jupyship.contract;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one interface test: every check in order, the kept executed notebook, and where
 * the time went (the platform's own share is everything but {@code runMillis}).
 *
 * @param notebook         the notebook as named by the caller
 * @param verdict          passed only when every check passed
 * @param workDir          the run's working folder (kept for inspection)
 * @param executedNotebook papermill's output notebook, or null when it wrote none
 */
public record InterfaceTestReport(String notebook, Verdict verdict, List<Check> checks, Path workDir, Path executedNotebook,
                                  Timings timings) {

    public enum Verdict {
        PASSED, FAILED, CANCELLED
    }

    /**
     * @param staticMillis the static contract check (reading the notebook and the contract included)
     * @param runMillis    papermill, from start to exit (kernel start included)
     * @param verifyMillis the output verification process
     * @param totalMillis  the whole test
     */
    public record Timings(long staticMillis, long runMillis, long verifyMillis, long totalMillis) {
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    public List<Check> failures() {
        return checks.stream().filter(check -> !check.passed()).toList();
    }
}
