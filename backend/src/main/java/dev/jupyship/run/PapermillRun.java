package dev.jupyship.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A papermill run in progress: its progress (read from the notebook papermill saves after each
 * cell), a cancel that kills the whole process tree, and its {@link RunResult}. A watcher thread
 * enforces the time limit.
 */
public final class PapermillRun {

    private final RunSpec spec;
    private final Process process;
    private final String marker;
    private final Path executed;
    private final Path stdout;
    private final Path stderr;
    private final Path writeLog;
    private final Thread outLog;
    private final Thread errLog;
    private final boolean sourceHadInjected;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile boolean timedOut;
    private ExecutedNotebook.Progress lastProgress = new ExecutedNotebook.Progress(0, 0);
    private long lastModified = -1;
    private long lastSize = -1;

    PapermillRun(RunSpec spec, Process process, String marker, Path executed, Path stdout, Path stderr, Path writeLog,
                 Thread outLog, Thread errLog, boolean sourceHadInjected) {
        this.spec = spec;
        this.process = process;
        this.marker = marker;
        this.executed = executed;
        this.stdout = stdout;
        this.stderr = stderr;
        this.writeLog = writeLog;
        this.outLog = outLog;
        this.errLog = errLog;
        this.sourceHadInjected = sourceHadInjected;
        Thread watcher = new Thread(this::watch, "papermill-run-" + process.pid());
        watcher.setDaemon(true);
        watcher.start();
    }

    public Path executedNotebook() {
        return executed;
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** Cell i of n among code cells; (0, 0) until papermill has saved the notebook once. */
    public synchronized ExecutedNotebook.Progress progress() {
        try {
            if (Files.isRegularFile(executed)) {
                long modified = Files.getLastModifiedTime(executed).toMillis();
                long size = Files.size(executed);
                if (modified != lastModified || size != lastSize) {
                    lastProgress = ExecutedNotebook.progress(ExecutedNotebook.scan(executed, false));
                    lastModified = modified;
                    lastSize = size;
                }
            }
        } catch (IOException midWrite) {
            // papermill is writing the file: the last progress read stands
        }
        return lastProgress;
    }

    /** Kills papermill, its kernel and everything they started; the result says CANCELLED. */
    public void cancel() {
        if (!result.isDone()) {
            cancelled = true;
            ProcessTree.kill(process.toHandle(), marker);
        }
    }

    public RunResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public CompletableFuture<RunResult> result() {
        return result;
    }

    private void watch() {
        try {
            if (!process.waitFor(spec.timeLimit().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                ProcessTree.kill(process.toHandle(), marker);
                process.waitFor();
            }
            // A kernel outliving papermill (killed, or papermill crashed) must not linger.
            ProcessTree.withEnvironment(marker).forEach(ProcessHandle::destroyForcibly);
            outLog.join(5_000);
            errLog.join(5_000);
            result.complete(finish());
        } catch (Throwable error) {
            result.completeExceptionally(error);
        }
    }

    private RunResult finish() {
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        int exit = cancelled || timedOut ? -1 : process.exitValue();
        List<ExecutedNotebook.CellState> cells = null;
        if (Files.isRegularFile(executed)) {
            try {
                cells = ExecutedNotebook.scan(executed, true);
            } catch (IOException unreadable) {
                cells = null;
            }
        }
        List<String> outside = outsideWrites();
        Path notebook = cells == null ? null : executed;
        if (cancelled) {
            return new RunResult(RunResult.Outcome.CANCELLED, exit, notebook, stdout, stderr, lastStarted(cells),
                    "cancelled" + where(cells), outside, duration);
        }
        if (timedOut) {
            return new RunResult(RunResult.Outcome.TIMED_OUT, exit, notebook, stdout, stderr, lastStarted(cells),
                    "the run passed its time limit of " + spec.timeLimit().toSeconds() + " s and was stopped" + where(cells),
                    outside, duration);
        }
        if (exit == 0) {
            return new RunResult(RunResult.Outcome.SUCCEEDED, 0, notebook, stdout, stderr, null, "the notebook ran to the end",
                    outside, duration);
        }
        String log = CappedLog.tail(stderr, 16 * 1024);
        if (exit == 138 || log.contains("DeadKernelError")) {
            return new RunResult(RunResult.Outcome.KERNEL_DIED, exit, notebook, stdout, stderr, lastStarted(cells),
                    "the kernel died" + where(cells), outside, duration);
        }
        CellFailure failure = failedCell(cells);
        if (failure != null) {
            return new RunResult(RunResult.Outcome.CELL_FAILED, exit, notebook, stdout, stderr, failure,
                    "cell " + (failure.cell() + 1) + " raised " + failure.ename() + (failure.evalue() == null || failure.evalue().isEmpty() ? "" : ": " + failure.evalue()),
                    outside, duration);
        }
        return new RunResult(RunResult.Outcome.PAPERMILL_FAILED, exit, notebook, stdout, stderr, null,
                "papermill failed (exit " + exit + "): " + lastLine(log), outside, duration);
    }

    private String where(List<ExecutedNotebook.CellState> cells) {
        CellFailure last = lastStarted(cells);
        return last == null ? " before any cell ran" : " in cell " + (last.cell() + 1) + ", the last cell that started";
    }

    private CellFailure failedCell(List<ExecutedNotebook.CellState> cells) {
        return ExecutedNotebook.failedCell(cells, sourceHadInjected);
    }

    private CellFailure lastStarted(List<ExecutedNotebook.CellState> cells) {
        return ExecutedNotebook.lastStarted(cells, sourceHadInjected);
    }

    private List<String> outsideWrites() {
        try {
            return Files.isRegularFile(writeLog)
                    ? Files.readAllLines(writeLog, StandardCharsets.UTF_8).stream().limit(200).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The last few meaningful lines of papermill's stderr (rules and blank lines left out). */
    private static String lastLine(String log) {
        List<String> lines = ExecutedNotebook.stripAnsi(log).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.matches("[-=_~^ ]+")).toList();
        return lines.isEmpty() ? "no message on stderr" : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
