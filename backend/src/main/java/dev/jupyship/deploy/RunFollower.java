package dev.jupyship.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Follows the runs this process owns: notices when a job starts, and once it ends stores its outputs
 * (executed notebook, artifacts, metrics, log) with retries, the final manifest last, so a run that
 * says it ended has all its outputs. Outputs the store refuses are kept on this machine, a bounded
 * number of runs' worth, for {@link RunRecovery} to store at the next start.
 */
final class RunFollower {

    private static final Logger LOG = Logger.getLogger(RunFollower.class.getName());
    static final int LOG_CAP = 1024 * 1024;

    private final ArtifactStore store;
    private final BatchCluster cluster;
    private final RunHistory history;
    private final Clock clock;
    private final DeploySettings settings;
    private final RunFolders folders;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final RunLocks locks = new RunLocks();

    RunFollower(ArtifactStore store, BatchCluster cluster, RunHistory history, Clock clock, DeploySettings settings, RunFolders folders) {
        this.store = store;
        this.cluster = cluster;
        this.history = history;
        this.clock = clock;
        this.settings = settings;
        this.folders = folders;
    }

    /** Whether this process follows the run. */
    boolean follows(String id) {
        return jobs.containsKey(id);
    }

    /** From now on this process notices the job's start and stores its outcome. */
    void follow(RunManifest run, Job job) {
        jobs.put(run.id(), job);
        job.outcome().whenComplete((outcome, error) -> finish(run.id(), outcome, error));
    }

    /**
     * The job of a run: the one this process follows, else the cluster's when the run was made on a
     * cluster of this kind; {@link java.io.UncheckedIOException} when the cluster could not be asked.
     */
    Optional<Job> job(RunManifest run) {
        Job followed = jobs.get(run.id());
        if (followed != null) {
            return Optional.of(followed);
        }
        return cluster.name().equals(run.cluster()) ? cluster.find(run.id()) : Optional.empty();
    }

    /** Queued runs whose job started are recorded as running. */
    void noticeStarts() {
        for (Map.Entry<String, Job> entry : jobs.entrySet()) {
            RunManifest run = history.find(entry.getKey()).orElse(null);
            if (run != null && run.status() == RunStatus.QUEUED && entry.getValue().status() == RunStatus.RUNNING) {
                synchronized (locks.of(run.id())) {
                    RunManifest now = history.find(run.id()).orElse(null);
                    if (now != null && now.status() == RunStatus.QUEUED) {
                        history.commitQuietly(now.started(clock.instant()));
                    }
                }
            }
        }
    }

    /** A run's end: its outputs stored with retries, then its final manifest; kept here for later when the store refuses them. */
    void finish(String id, JobOutcome outcome, Throwable error) {
        synchronized (locks.of(id)) {
            RunManifest run = history.find(id).orElse(null);
            if (run == null || run.status().isFinal()) {
                return;
            }
            if (run.startedAt() == null) {
                run = run.started(clock.instant());
            }
            if (error != null || outcome == null) {
                cleanUp(id);
                history.commitQuietly(run.finished(RunStatus.FAILED, clock.instant(),
                        RunFailure.of("cluster", "the run could not be followed: " + (error == null ? "no outcome" : error.getMessage())), null, null));
                return;
            }
            Job job = jobs.get(id);
            IOException last = null;
            for (int attempt = 1; attempt <= settings.uploadAttempts(); attempt++) {
                try {
                    RunManifest done = history.storeManifest(upload(run, outcome, job));
                    // Local copies go once the store holds everything, and before anyone here is told the run ended.
                    cleanUp(id);
                    history.indexed(done);
                    return;
                } catch (IOException e) {
                    last = e;
                    LOG.log(Level.WARNING, "storing run " + id + " failed (attempt " + attempt + ")", e);
                    sleep(settings.uploadBackoff().toMillis() * attempt);
                }
            }
            history.commitQuietly(run.finished(RunStatus.FAILED, clock.instant(), RunFailure.of("store",
                    "the run ended (" + outcome.status().label() + ") but its outputs could not be stored: " + last.getMessage()
                            + "; they are kept on this machine and stored at the sidecar's next start"), null, null));
            keepUnstored(id, outcome);
        }
    }

    /** The outcome of a run the store refused, kept with its folder for the next start; older kept runs beyond the bound go. */
    private void keepUnstored(String id, JobOutcome outcome) {
        RunFolders.deleteQuietly(folders.input(id));
        try {
            Files.createDirectories(folders.unstored());
            Files.write(folders.unstoredOutcome(id), RunHistory.JSON.writeValueAsBytes(outcome));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not keep the outputs of run " + id + " for a later attempt; they are dropped", e);
            cleanUp(id);
            return;
        }
        List<String> kept = folders.unstoredRuns();
        for (String old : kept.subList(0, Math.max(0, kept.size() - settings.maxUnstored()))) {
            LOG.warning("run " + old + ": its unstored outputs are dropped, since at most " + settings.maxUnstored()
                    + " runs' are kept on this machine");
            cleanUp(old);
        }
    }

    /** Puts the outputs; answers the final manifest, which the caller commits last. */
    RunManifest upload(RunManifest run, JobOutcome outcome, Job job) throws IOException {
        String prefix = run.prefix();
        if (outcome.executedNotebook() != null && Files.isRegularFile(outcome.executedNotebook())) {
            store.putFile(prefix + RunLayout.EXECUTED, outcome.executedNotebook());
        }
        Path out = outcome.outputDir();
        if (out != null && Files.isDirectory(out)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(out)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                store.putFile(prefix + RunLayout.ARTIFACTS + out.relativize(f).toString().replace('\\', '/'), f);
            }
        }
        // The artifacts folder of the store is the one truth, whether this machine put them there or the job did.
        List<String> artifacts = new ArrayList<>();
        for (String key : store.list(prefix + RunLayout.ARTIFACTS)) {
            artifacts.add(key.substring((prefix + RunLayout.ARTIFACTS).length()));
        }
        Map<String, Object> metrics = null;
        if (artifacts.contains(RunLayout.METRICS)) {
            byte[] written = store.read(prefix + RunLayout.ARTIFACTS + RunLayout.METRICS);
            store.put(prefix + RunLayout.METRICS, written);
            try {
                metrics = RunHistory.JSON.readValue(written, new TypeReference<LinkedHashMap<String, Object>>() { });
            } catch (IOException notAnObject) {
                metrics = Map.of("error", "metrics.json is not a JSON object: " + notAnObject.getMessage());
            }
        }
        if (job != null) {
            store.put(prefix + RunLayout.LOG, job.log(LOG_CAP).getBytes(StandardCharsets.UTF_8));
        }
        return run.finished(outcome.status(), clock.instant(), outcome.failure(), metrics, artifacts);
    }

    /** What a run left on this machine once its outputs are stored (or cannot be): its notebook copy, its folder. */
    void cleanUp(String id) {
        RunFolders.deleteQuietly(folders.input(id));
        RunFolders.deleteQuietly(folders.unstoredOutcome(id));
        cluster.release(id);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
