package dev.jupyship.deploy.cluster;

import dev.jupyship.deploy.RunFailure;
import dev.jupyship.deploy.RunStatus;
import dev.jupyship.run.PapermillRun;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.RunResult;
import dev.jupyship.run.RunSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default cluster: each job is a papermill run ({@link PapermillRunner}) in its own folder
 * under {@code workRoot/<run id>/}, at most {@code concurrency} at a time, the rest queued in
 * order. {@code output_dir} is {@code <folder>/output}; the deployer copies it to the store when
 * the job ends.
 */
public final class LocalBatchCluster implements BatchCluster {

    private final PapermillRunner runner;
    private final Path workRoot;
    private final ExecutorService slots;
    private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public LocalBatchCluster(PapermillRunner runner, Path workRoot, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("cluster concurrency must be at least 1, not " + concurrency);
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
            throw new ClusterException("the local runner is shutting down");
        }
        Path folder = workRoot.resolve(spec.runId());
        if (Files.exists(folder)) {
            throw new ClusterException("a job named " + spec.runId() + " already exists");
        }
        Files.createDirectories(folder);
        LocalJob job = new LocalJob(spec, folder);
        jobs.put(spec.runId(), job);
        slots.execute(job::run);
        return job;
    }

    @Override
    public Optional<Job> find(String runId) {
        return Optional.ofNullable(jobs.get(runId));
    }

    @Override
    public void close() {
        closed = true;
        jobs.values().forEach(LocalJob::cancel);
        slots.shutdownNow();
    }

    private final class LocalJob implements Job {
        private final JobSpec spec;
        private final Path folder;
        private final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        private volatile RunStatus status = RunStatus.QUEUED;
        private PapermillRun run;
        private boolean cancelled;

        LocalJob(JobSpec spec, Path folder) {
            this.spec = spec;
            this.folder = folder;
        }

        @Override
        public String runId() {
            return spec.runId();
        }

        @Override
        public RunStatus status() {
            return status;
        }

        void run() {
            PapermillRun started;
            Path output = folder.resolve("output");
            synchronized (this) {
                if (cancelled) {
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
            RunResult result;
            try {
                result = started.await();
            } catch (InterruptedException e) {
                started.cancel();
                Thread.currentThread().interrupt();
                end(new JobOutcome(RunStatus.CANCELLED, RunFailure.of("cancelled", "the local runner stopped"), null, output));
                return;
            } catch (RuntimeException e) {
                end(new JobOutcome(RunStatus.FAILED, RunFailure.of("papermill", "the run could not be followed: " + e.getMessage()), null, output));
                return;
            }
            RunStatus end = switch (result.outcome()) {
                case SUCCEEDED -> RunStatus.SUCCEEDED;
                case CANCELLED -> RunStatus.CANCELLED;
                default -> RunStatus.FAILED;
            };
            end(new JobOutcome(end, end == RunStatus.SUCCEEDED ? null : RunFailure.from(result), result.executedNotebook(), output));
        }

        private void end(JobOutcome result) {
            status = result.status();
            outcome.complete(result);
        }

        @Override
        public String log(int maxBytes) {
            return tail(folder.resolve("work/logs").resolve(PapermillRunner.COMBINED_LOG), maxBytes);
        }

        @Override
        public CompletableFuture<JobOutcome> outcome() {
            return outcome;
        }

        @Override
        public void cancel() {
            PapermillRun running;
            synchronized (this) {
                if (outcome.isDone()) {
                    return;
                }
                cancelled = true;
                running = run;
                if (running == null) {
                    end(new JobOutcome(RunStatus.CANCELLED, RunFailure.of("cancelled", "cancelled before it started"), null, null));
                    return;
                }
            }
            running.cancel();
        }
    }

    private static String tail(Path file, int maxBytes) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - maxBytes);
            byte[] data = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(data);
            return new String(data, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
