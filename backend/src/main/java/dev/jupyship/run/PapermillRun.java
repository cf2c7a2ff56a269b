package dev.jupyship.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A papermill run in progress: its progress (read from the notebook papermill saves after each
 * cell), a cancel that kills the whole process tree, and its {@link RunResult}. The run's guard
 * keeps its deadline and writes its logs; a watcher thread here waits for the guard, and kills the
 * tree itself should the guard overrun the deadline.
 */
public final class PapermillRun {

    /** How long past the deadline the guard may take to stop the run before the watcher does it. */
    private static final Duration GUARD_GRACE = Duration.ofSeconds(30);

    private final Duration timeLimit;
    private final RunGuard guard;
    private final ProcessHandle process;
    private final CompletableFuture<?> exited;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile boolean timedOut;
    private ExecutedNotebook.Progress lastProgress = new ExecutedNotebook.Progress(0, 0);
    private long lastModified = -1;
    private long lastSize = -1;

    /**
     * @param process the guard's process, or null when it had already ended (a run found again after it ended)
     * @param exited  completes when the guard has exited
     */
    PapermillRun(Duration timeLimit, RunGuard guard, ProcessHandle process, CompletableFuture<?> exited) {
        this.timeLimit = timeLimit;
        this.guard = guard;
        this.process = process;
        this.exited = exited;
        Thread watcher = new Thread(this::watch, "papermill-run-" + (process == null ? "ended" : process.pid()));
        watcher.setDaemon(true);
        watcher.start();
    }

    public Path executedNotebook() {
        return guard.executed();
    }

    /** The interleaved log as it grows. */
    public Path log() {
        return guard.combined();
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** Cell i of n among code cells; (0, 0) until papermill has saved the notebook once. */
    public synchronized ExecutedNotebook.Progress progress() {
        try {
            Path executed = guard.executed();
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
            stop();
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

    private void stop() {
        if (process != null) {
            ProcessTree.kill(process, guard.marker());
        } else {
            ProcessTree.withEnvironment(guard.marker()).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private void watch() {
        try {
            long wait = Duration.between(Instant.now(), guard.deadline().plus(GUARD_GRACE)).toMillis();
            try {
                exited.get(Math.max(0, wait), TimeUnit.MILLISECONDS);
            } catch (TimeoutException overrun) {
                timedOut = true;
                stop();
                exited.get();
            }
            // Whatever outlived the guard (it was killed with the tree, or crashed) must not linger.
            ProcessTree.withEnvironment(guard.marker()).forEach(ProcessHandle::destroyForcibly);
            result.complete(finish());
        } catch (Throwable error) {
            result.completeExceptionally(error);
        }
    }

    private RunResult finish() {
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        RunGuard.Status status = guard.status();
        timedOut |= status != null && status.timedOut();
        int exit = cancelled || timedOut || status == null ? -1 : status.exit();
        Path executed = guard.executed();
        Path stdout = guard.stdout();
        Path stderr = guard.stderr();
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
                    "the run passed its time limit of " + timeLimit.toSeconds() + " s and was stopped" + where(cells),
                    outside, duration);
        }
        if (exit == 0) {
            return new RunResult(RunResult.Outcome.SUCCEEDED, 0, notebook, stdout, stderr, null, "the notebook ran to the end",
                    outside, duration);
        }
        if (status == null) {
            return new RunResult(RunResult.Outcome.PAPERMILL_FAILED, exit, notebook, stdout, stderr, lastStarted(cells),
                    "the run's guard stopped before papermill ended" + where(cells) + " (" + lastLine(CappedLog.tail(
                            guard.workDir().resolve(PapermillRunner.RUN).resolve("guard.log"), 4096)) + ")", outside, duration);
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
        return ExecutedNotebook.failedCell(cells, guard.sourceHadInjected());
    }

    private CellFailure lastStarted(List<ExecutedNotebook.CellState> cells) {
        return ExecutedNotebook.lastStarted(cells, guard.sourceHadInjected());
    }

    private List<String> outsideWrites() {
        try {
            Path writeLog = guard.writeLog();
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
