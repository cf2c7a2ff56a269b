package dev.jupyship.deploy.cluster;

import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.DomainError;
import dev.jupyship.run.CappedLog;
import dev.jupyship.run.CellFailure;
import dev.jupyship.run.PapermillRun;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.RunResult;
import dev.jupyship.run.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The default cluster: each job is a papermill run ({@link PapermillRunner}) in its own folder
 * under {@code workRoot/<run id>/}, at most {@code concurrency} at a time, the rest queued in
 * order. {@code output_dir} is {@code <folder>/output}; the deployer copies it to the store when
 * the job ends, then {@link #release releases} the folder. A run outlives a sidecar killed without
 * warning (its guard keeps its deadline), and the next sidecar finds it again from its folder
 * ({@link #find}); a sidecar that stops in order stops its runs, which then say so.
 */
public final class LocalBatchCluster implements BatchCluster {

    private static final Logger LOG = Logger.getLogger(LocalBatchCluster.class.getName());
    /** How long closing waits for the runs it stops to be recorded, unless told otherwise; within a pod's usual 30 s grace. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private final PapermillRunner runner;
    private final Path workRoot;
    private final ExecutorService slots;
    private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
    private final long closeWaitMillis;
    private volatile boolean closed;

    public LocalBatchCluster(PapermillRunner runner, Path workRoot, int concurrency) {
        this(runner, workRoot, concurrency, CLOSE_WAIT);
    }

    /** The same, closing within {@code closeWait}. */
    public LocalBatchCluster(PapermillRunner runner, Path workRoot, int concurrency, Duration closeWait) {
        this.closeWaitMillis = closeWait.toMillis();
        if (concurrency < 1) {
            throw new BadInput("cluster concurrency must be at least 1, not " + concurrency);
        }
        this.runner = runner;
        this.workRoot = workRoot.toAbsolutePath();
        AtomicInteger n = new AtomicInteger();
        this.slots = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "local-batch-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Job submit(JobSpec spec) throws IOException {
        if (closed) {
            throw new ClusterException(DomainError.Kind.UNAVAILABLE, "the local runner is shutting down");
        }
        Path folder = workRoot.resolve(spec.runId());
        if (Files.exists(folder)) {
            throw new ClusterException(DomainError.Kind.CONFLICT, "a job named " + spec.runId() + " already exists");
        }
        Files.createDirectories(folder);
        LocalJob job = new LocalJob(spec.runId(), folder);
        jobs.put(spec.runId(), job);
        slots.execute(() -> job.run(spec));
        return job;
    }

    /**
     * A job of this process, else one a stopped sidecar left in its folder: still running (its
     * guard lives: followed from now on, and cancel stops it) or ended while nobody followed it
     * (its outcome read from the folder).
     */
    @Override
    public Optional<Job> find(String runId) {
        LocalJob known = jobs.get(runId);
        if (known != null || closed || !isFolderName(runId)) {
            return Optional.ofNullable(known);
        }
        Path folder = workRoot.resolve(runId);
        Optional<PapermillRun> left = PapermillRunner.attach(folder.resolve("work"));
        if (left.isEmpty()) {
            return Optional.empty();
        }
        LocalJob attached = new LocalJob(runId, folder);
        LocalJob raced = jobs.putIfAbsent(runId, attached);
        if (raced != null) {
            return Optional.of(raced);
        }
        attached.attach(left.get());
        return Optional.of(attached);
    }

    @Override
    public Set<String> leftovers() {
        try (Stream<Path> folders = Files.list(workRoot)) {
            return folders.filter(Files::isDirectory).map(f -> f.getFileName().toString())
                    .filter(id -> {
                        LocalJob job = jobs.get(id);
                        return job == null ? !PapermillRunner.isRunning(workRoot.resolve(id).resolve("work")) : job.outcome.isDone();
                    })
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException none) {
            return Set.of();
        }
    }

    /** Removes a job's folder once its outputs are stored; a run still going is left alone. */
    @Override
    public void release(String runId) {
        LocalJob job = jobs.get(runId);
        if (job != null && !job.outcome.isDone() || !isFolderName(runId)) {
            return;
        }
        jobs.remove(runId);
        deleteTree(workRoot.resolve(runId));
    }

    /**
     * Stops taking jobs and stops the ones in flight, which end failed as interrupted by shutdown
     * (not cancelled: nobody asked); waits a bounded time for their outcomes to be recorded.
     */
    @Override
    public void close() {
        closed = true;
        List<LocalJob> stopping = List.copyOf(jobs.values());
        stopping.forEach(LocalJob::interrupt);
        slots.shutdown();
        long until = System.currentTimeMillis() + closeWaitMillis;
        try {
            for (LocalJob job : stopping) {
                job.recorded.get(Math.max(0, until - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException late) {
            LOG.warning("runs stopped at shutdown were not all recorded within " + closeWaitMillis + " ms");
        }
        slots.shutdownNow();
    }

    private final class LocalJob implements Job {
        private final String runId;
        private final Path folder;
        private final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        /** Completes once whoever follows the outcome has handled it (the deployer stores it). */
        private final CompletableFuture<Void> recorded = new CompletableFuture<>();
        private volatile RunStatus status = RunStatus.QUEUED;
        private PapermillRun run;
        private boolean stopped;
        private volatile boolean interrupted;

        LocalJob(String runId, Path folder) {
            this.runId = runId;
            this.folder = folder;
        }

        @Override
        public String runId() {
            return runId;
        }

        @Override
        public RunStatus status() {
            return status;
        }

        void run(JobSpec spec) {
            PapermillRun started;
            Path output = folder.resolve("output");
            synchronized (this) {
                if (stopped) {
                    return;
                }
                try {
                    Files.createDirectories(output);
                    Map<String, Object> parameters = new HashMap<>(spec.parameters());
                    parameters.put("output_dir", output.toString());
                    run = runner.start(new RunSpec(spec.notebook(), folder.resolve("work"), parameters, null, spec.timeLimit(),
                            RunSpec.DEFAULT_LOG_CAP_BYTES, true));
                    status = RunStatus.RUNNING;
                } catch (IOException | RuntimeException e) {
                    end(new JobOutcome(RunStatus.FAILED, RunFailure.of("papermill",
                            "papermill could not be started (" + runner.python().papermill() + "): " + e.getMessage()), null, output));
                    return;
                }
                started = run;
            }
            follow(started);
        }

        /** Follows a run a stopped sidecar left, from a thread of its own (it holds no slot). */
        synchronized void attach(PapermillRun left) {
            run = left;
            status = RunStatus.RUNNING;
            Thread follower = new Thread(() -> follow(left), "local-batch-attached-" + runId);
            follower.setDaemon(true);
            follower.start();
        }

        private void follow(PapermillRun started) {
            Path output = folder.resolve("output");
            RunResult result;
            try {
                result = started.await();
            } catch (InterruptedException e) {
                started.cancel();
                Thread.currentThread().interrupt();
                end(interruptedOutcome(null, output));
                return;
            } catch (RuntimeException e) {
                end(new JobOutcome(RunStatus.FAILED, RunFailure.of("papermill", "the run could not be followed: " + e.getMessage()), null, output));
                return;
            }
            // The run's HOME and TMPDIR (caches, temporary files) are never stored: gone as soon as it ends.
            deleteTree(folder.resolve("work/home"));
            deleteTree(folder.resolve("work/tmp"));
            if (interrupted && result.outcome() == RunResult.Outcome.CANCELLED) {
                end(interruptedOutcome(result, output));
                return;
            }
            RunStatus end = switch (result.outcome()) {
                case SUCCEEDED -> RunStatus.SUCCEEDED;
                case CANCELLED -> RunStatus.CANCELLED;
                default -> RunStatus.FAILED;
            };
            end(new JobOutcome(end, end == RunStatus.SUCCEEDED ? null : RunFailure.from(result), result.executedNotebook(), output));
        }

        private JobOutcome interruptedOutcome(RunResult result, Path output) {
            CellFailure at = result == null ? null : result.failure();
            String where = result == null ? "" : at == null ? " before any cell ran" : " in cell " + at.cell() + ", the last cell that started";
            return new JobOutcome(RunStatus.FAILED, RunFailure.at("interrupted", "interrupted by shutdown" + where
                    + ": the sidecar running it was stopped; run it again with rerun", at), result == null ? null : result.executedNotebook(), output);
        }

        private void end(JobOutcome result) {
            status = result.status();
            try {
                outcome.complete(result);
            } finally {
                recorded.complete(null);
            }
        }

        @Override
        public String log(int maxBytes) {
            return CappedLog.tail(folder.resolve("work/logs").resolve(PapermillRunner.COMBINED_LOG), maxBytes);
        }

        @Override
        public CompletableFuture<JobOutcome> outcome() {
            return outcome;
        }

        @Override
        public void cancel() {
            stop(false);
        }

        void interrupt() {
            stop(true);
        }

        private void stop(boolean shutdown) {
            PapermillRun running;
            synchronized (this) {
                if (outcome.isDone()) {
                    return;
                }
                interrupted = shutdown;
                stopped = true;
                running = run;
                if (running == null) {
                    end(shutdown ? new JobOutcome(RunStatus.FAILED, RunFailure.of("interrupted",
                            "interrupted by shutdown before it started: the sidecar was stopped; run it again with rerun"), null, null)
                            : new JobOutcome(RunStatus.CANCELLED, RunFailure.of("cancelled", "cancelled before it started"), null, null));
                    return;
                }
            }
            running.cancel();
        }
    }

    /** A run id names one folder under the work root, never a path out of it. */
    private static boolean isFolderName(String runId) {
        return runId != null && runId.matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warning("could not remove " + root + ": " + e.getMessage());
        }
    }
}
