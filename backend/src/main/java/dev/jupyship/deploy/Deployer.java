package dev.jupyship.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jupyship.api.ApiException;
import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.LocalBatchCluster;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesBatchCluster;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.lint.LintConfig;
import dev.jupyship.lint.LintResult;
import dev.jupyship.lint.Linter;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Deploy to dev: takes a notebook (working tree or a git revision), gates it on lint, records the
 * run in the {@link ArtifactStore}, has the {@link BatchCluster} run it, and stores its outputs
 * with the final manifest last. Also the runs' history (an in-memory index of manifests, read
 * from the store once at start and kept up to date by this sidecar's writes), cancel, rerun, logs
 * and metrics over time.
 */
public final class Deployer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Deployer.class.getName());
    /** Manifests' JSON: instants as ISO-8601 text. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.databind.module.SimpleModule("instants")
                    .addSerializer(Instant.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer(Instant.class))
                    .addDeserializer(Instant.class, new com.fasterxml.jackson.databind.deser.std.FromStringDeserializer<>(Instant.class) {
                        @Override
                        protected Instant _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext context) {
                            return Instant.parse(value);
                        }
                    }))
            .enable(SerializationFeature.INDENT_OUTPUT).build();
    /** Same notebook, revision and parameters within this window, without a key: the same run (a double click). */
    static final Duration DOUBLE_CLICK = Duration.ofSeconds(10);
    /** Attempts at storing a finished run's outputs; constants tests may change. */
    static int uploadAttempts = 3;
    static long uploadBackoffMillis = 200;
    private static final int LOG_CAP = 1024 * 1024;
    private static final Set<String> LIVE_INSTANCES = ConcurrentHashMap.newKeySet();
    private static final ProcessHandle SELF = ProcessHandle.current();
    /** Who deploys: JupyterHub's user in a notebook pod, else the account the sidecar runs as. */
    private static final String USER = Optional.ofNullable(System.getenv("JUPYTERHUB_USER")).filter(u -> !u.isBlank())
            .orElse(System.getProperty("user.name", "unknown"));

    private final Path workspace;
    private final String project;
    private final ArtifactStore store;
    private final BatchCluster cluster;
    private final DeployConfig config;
    private final Linter linter;
    private final Path inputs;
    private final Clock clock;
    private final String owner;
    private final String instance = UUID.randomUUID().toString();
    private final Map<String, RunManifest> index = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Object deploying = new Object();
    private final ScheduledExecutorService watcher;

    public Deployer(Path workspace, ArtifactStore store, BatchCluster cluster, DeployConfig config, Clock clock) throws IOException {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.project = this.workspace.getFileName() == null ? "workspace" : this.workspace.getFileName().toString();
        this.store = store;
        this.cluster = cluster;
        this.config = config;
        this.linter = Linter.standard().withoutStandardLint();
        this.inputs = this.workspace.resolve(".jupyship/deploy-work/inputs");
        this.clock = clock;
        this.owner = SELF.pid() + ":" + SELF.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + ":" + instance;
        LIVE_INSTANCES.add(instance);
        long started = System.nanoTime();
        for (String key : store.list(RunLayout.ROOT)) {
            if (key.endsWith("/" + RunLayout.MANIFEST)) {
                try {
                    RunManifest run = JSON.readValue(store.read(key), RunManifest.class);
                    index.put(run.id(), run);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "unreadable run manifest " + key + " left out of the history", e);
                }
            }
        }
        LOG.fine(() -> "read " + index.size() + " run manifests in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        this.watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "deploy-watcher");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::noticeStarts, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** The deployer the configuration asks for; unimplemented backends are refused with a clear message. */
    public static Deployer open(Path workspace, DeployConfig config, PythonEnvironment python) throws IOException {
        if (config.storeKind().equals("gcs")) {
            throw new IllegalArgumentException(config.source() + ": the gcs artifact store is not available yet in this version; "
                    + "use [store] kind = \"local\"");
        }
        Path root = workspace.toAbsolutePath().normalize().resolve(".jupyship");
        ArtifactStore store = new LocalArtifactStore(root);
        // The Kubernetes client's classes load only here, when configured.
        BatchCluster cluster = config.clusterKind().equals("kubernetes") ? KubernetesBatchCluster.connect(config, store)
                : new LocalBatchCluster(new PapermillRunner(python), root.resolve("deploy-work/jobs"), config.concurrency());
        return new Deployer(workspace, store, cluster, config, Clock.systemUTC());
    }

    public DeployConfig config() {
        return config;
    }

    public ArtifactStore store() {
        return store;
    }

    // ---------------------------------------------------------------- deploy

    public RunManifest deploy(DeployRequest request) throws IOException {
        String target = request.target() == null || request.target().isBlank() ? config.target() : request.target();
        if (!target.equals(config.target())) {
            throw new ApiException(400, "target '" + target + "' is not accepted here: the sidecar deploys to '" + config.target()
                    + "' only; production deploys go through git and CI");
        }
        Path file = new Workspace(workspace).resolve(request.path());
        if (!Files.isRegularFile(file)) {
            throw new ApiException(404, "no notebook at '" + request.path() + "' in the workspace");
        }
        String notebookPath = workspace.relativize(file).toString().replace('\\', '/');
        String ref = NotebookHistory_isWorkingTree(request.ref()) ? null : request.ref();
        GitFactsReader.Snapshot snapshot = GitFactsReader.read(file, ref);
        Notebook notebook = Notebook.parse(snapshot.bytes(), notebookPath);
        LintResult lint = linter.lint(notebook, file, notebookPath, LintConfig.forFile(file, workspace));
        if (lint.hasErrors() && !request.force()) {
            throw new LintGateRefusal(lint);
        }
        return start(notebookPath, ref, snapshot.bytes(), snapshot.git(), request.parameters(), request.idempotencyKey(),
                null, lint.hasErrors() ? Boolean.TRUE : null);
    }

    private static boolean NotebookHistory_isWorkingTree(String ref) {
        return dev.jupyship.review.NotebookHistory.isWorkingTree(ref);
    }

    /** A new run with an old run's inputs: its notebook as deployed, parameters and git facts. */
    public RunManifest rerun(String id, String idempotencyKey) throws IOException {
        RunManifest old = require(id);
        byte[] input = store.read(RunLayout.prefix(old) + RunLayout.INPUT);
        return start(old.notebook(), old.ref(), input, old.git(), old.parameters(), idempotencyKey, old.id(), old.forced());
    }

    private RunManifest start(String notebookPath, String ref, byte[] bytes, GitFacts git, Map<String, Object> parameters,
                              String key, String rerunOf, Boolean forced) throws IOException {
        String fingerprint = fingerprint(notebookPath, ref, bytes, parameters, rerunOf);
        RunManifest run;
        synchronized (deploying) {
            Optional<RunManifest> existing = duplicate(key, fingerprint);
            if (existing.isPresent()) {
                return existing.get();
            }
            Instant now = clock.instant();
            String id;
            do {
                id = RunLayout.newId(now);
            } while (index.containsKey(id));
            run = new RunManifest(id, project, notebookPath, ref, git, new TreeMap<>(parameters), config.image(), config.target(),
                    cluster.name(), RunStatus.QUEUED, now, null, null, null, null, null, blankToNull(key), fingerprint, rerunOf,
                    owner, forced);
            String prefix = RunLayout.prefix(run);
            try {
                store.put(prefix + RunLayout.INPUT, bytes);
                commit(run);
            } catch (IOException e) {
                tryDelete(prefix + RunLayout.INPUT);
                throw new ApiException(503, "the artifact store refused the run (" + e.getMessage() + "); nothing was deployed: try again");
            }
        }
        Path local = Files.createDirectories(inputs).resolve(run.id() + ".ipynb");
        Files.write(local, bytes);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("notebook", notebookPath);
        labels.put("run", run.id());
        labels.put("user", USER);
        if (git.author() != null) {
            labels.put("author", git.author());
        }
        Job job;
        try {
            job = cluster.submit(new JobSpec(run.id(), local, parameters, config.image(), Duration.ofSeconds(config.timeLimitSeconds()), labels,
                    RunLayout.prefix(run)));
        } catch (IOException e) {
            RunManifest failed = run.finished(RunStatus.FAILED, clock.instant(),
                    RunFailure.of("cluster", "the " + cluster.name() + " cluster refused the job: " + e.getMessage()), null, null);
            commitQuietly(failed);
            return failed;
        }
        follow(run, job);
        return index.getOrDefault(run.id(), run);
    }

    /** From now on this sidecar notices the job's start and stores its outcome. */
    private void follow(RunManifest run, Job job) {
        jobs.put(run.id(), job);
        job.outcome().whenComplete((outcome, error) -> finish(run.id(), outcome, error));
    }

    private Optional<RunManifest> duplicate(String key, String fingerprint) {
        Instant recent = clock.instant().minus(DOUBLE_CLICK);
        return index.values().stream()
                .filter(run -> key != null && !key.isBlank() ? key.equals(run.idempotencyKey())
                        : fingerprint.equals(run.fingerprint()) && run.idempotencyKey() == null && run.createdAt().isAfter(recent)
                                && run.status() != RunStatus.CANCELLED)
                .max(Comparator.comparing(RunManifest::createdAt));
    }

    private static String fingerprint(String notebook, String ref, byte[] bytes, Map<String, Object> parameters, String rerunOf) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((notebook + "\n" + ref + "\n" + rerunOf + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(JSON.writeValueAsBytes(new TreeMap<>(parameters)));
            sha.update(bytes);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- progress

    private void noticeStarts() {
        for (Map.Entry<String, Job> entry : jobs.entrySet()) {
            RunManifest run = index.get(entry.getKey());
            if (run != null && run.status() == RunStatus.QUEUED && entry.getValue().status() == RunStatus.RUNNING) {
                synchronized (run.id().intern()) {
                    RunManifest now = index.get(run.id());
                    if (now != null && now.status() == RunStatus.QUEUED) {
                        commitQuietly(now.started(clock.instant()));
                    }
                }
            }
        }
    }

    private void finish(String id, JobOutcome outcome, Throwable error) {
        synchronized (id.intern()) {
            RunManifest run = index.get(id);
            if (run == null || run.status().isFinal()) {
                return;
            }
            if (run.startedAt() == null) {
                run = run.started(clock.instant());
            }
            if (error != null || outcome == null) {
                commitQuietly(run.finished(RunStatus.FAILED, clock.instant(),
                        RunFailure.of("cluster", "the run could not be followed: " + (error == null ? "no outcome" : error.getMessage())), null, null));
                return;
            }
            Job job = jobs.get(id);
            IOException last = null;
            for (int attempt = 1; attempt <= uploadAttempts; attempt++) {
                try {
                    RunManifest done = upload(run, outcome, job);
                    commit(done);
                    cleanUp(id);
                    return;
                } catch (IOException e) {
                    last = e;
                    LOG.log(Level.WARNING, "storing run " + id + " failed (attempt " + attempt + ")", e);
                    sleep(uploadBackoffMillis * attempt);
                }
            }
            commitQuietly(run.finished(RunStatus.FAILED, clock.instant(), RunFailure.of("store",
                    "the run ended (" + outcome.status().label() + ") but its outputs could not be stored: " + last.getMessage()), null, null));
        }
    }

    /** Puts the outputs; answers the final manifest, which the caller commits last. */
    private RunManifest upload(RunManifest run, JobOutcome outcome, Job job) throws IOException {
        String prefix = RunLayout.prefix(run);
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
                metrics = JSON.readValue(written, new TypeReference<LinkedHashMap<String, Object>>() { });
            } catch (IOException notAnObject) {
                metrics = Map.of("error", "metrics.json is not a JSON object: " + notAnObject.getMessage());
            }
        }
        if (job != null) {
            store.put(prefix + RunLayout.LOG, job.log(LOG_CAP).getBytes(StandardCharsets.UTF_8));
        }
        return run.finished(outcome.status(), clock.instant(), outcome.failure(), metrics, artifacts);
    }

    private void cleanUp(String id) {
        try {
            Files.deleteIfExists(inputs.resolve(id + ".ipynb"));
        } catch (IOException ignored) {
            // a left-over copy costs disk only
        }
    }

    private void commit(RunManifest run) throws IOException {
        store.put(RunLayout.prefix(run) + RunLayout.MANIFEST, JSON.writeValueAsBytes(run));
        index.put(run.id(), run);
    }

    private void commitQuietly(RunManifest run) {
        try {
            commit(run);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not store the manifest of run " + run.id(), e);
        }
    }

    private void tryDelete(String key) {
        try {
            store.delete(key);
        } catch (IOException | RuntimeException ignored) {
            // what is left has no manifest: invisible
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Runs in flight whose process is gone (the sidecar restarted): the ones the cluster still has
     * (a Kubernetes Job outlives the sidecar) are followed again by this sidecar, the others are
     * marked failed; runs of a live process are left alone. Answers how many were marked failed.
     */
    public int recover() {
        int marked = 0;
        for (RunManifest run : List.copyOf(index.values())) {
            if (run.status().isFinal() || jobs.containsKey(run.id()) || ownerAlive(run.owner())) {
                continue;
            }
            Optional<Job> still = cluster.name().equals(run.cluster()) ? cluster.find(run.id()) : Optional.empty();
            if (still.isPresent()) {
                RunManifest adopted = run.ownedBy(owner);
                commitQuietly(adopted);
                follow(adopted, still.get());
                LOG.info(() -> "run " + run.id() + " was still in the " + cluster.name() + " cluster after a restart: followed again");
                continue;
            }
            commitQuietly(run.finished(RunStatus.FAILED, clock.instant(), RunFailure.of("interrupted",
                    "the sidecar restarted while this run was in flight, so it was lost; run it again with rerun"), null, null));
            marked++;
        }
        return marked;
    }

    private static boolean ownerAlive(String owner) {
        if (owner == null) {
            return false;
        }
        String[] parts = owner.split(":", 3);
        if (parts.length != 3) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            if (pid == SELF.pid()) {
                return LIVE_INSTANCES.contains(parts[2]);
            }
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == start).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- history

    public Optional<RunManifest> find(String id) {
        return Optional.ofNullable(index.get(id));
    }

    public RunManifest require(String id) {
        RunManifest run = index.get(id);
        if (run == null) {
            throw new ApiException(404, "no run '" + id + "'");
        }
        return run;
    }

    /** Newest first; null filters match everything. */
    public List<RunManifest> list(String notebook, RunStatus status) {
        return index.values().stream()
                .filter(run -> notebook == null || notebook.equals(run.notebook()))
                .filter(run -> status == null || status == run.status())
                .sorted(Comparator.comparing(RunManifest::createdAt).thenComparing(RunManifest::id).reversed())
                .toList();
    }

    /** One point per succeeded run of a notebook, newest first, with the change against the previous succeeded run. */
    public record MetricPoint(String run, String finishedAt, Map<String, Object> metrics, Map<String, Double> change, String previousRun) {
    }

    public List<MetricPoint> metrics(String notebook) {
        List<RunManifest> runs = new ArrayList<>(list(notebook, RunStatus.SUCCEEDED));
        java.util.Collections.reverse(runs);
        List<MetricPoint> points = new ArrayList<>();
        RunManifest previous = null;
        for (RunManifest run : runs) {
            Map<String, Object> metrics = run.metrics() == null ? Map.of() : run.metrics();
            Map<String, Double> change = new LinkedHashMap<>();
            if (previous != null && previous.metrics() != null) {
                for (Map.Entry<String, Object> e : metrics.entrySet()) {
                    Object before = previous.metrics().get(e.getKey());
                    if (e.getValue() instanceof Number now && before instanceof Number then) {
                        change.put(e.getKey(), now.doubleValue() - then.doubleValue());
                    }
                }
            }
            points.add(new MetricPoint(run.id(), String.valueOf(run.finishedAt()), metrics, previous == null ? null : change,
                    previous == null ? null : previous.id()));
            previous = run;
        }
        java.util.Collections.reverse(points);
        return points;
    }

    /** The log so far: live from the cluster while this sidecar runs it, else as stored. */
    public String log(String id) throws IOException {
        RunManifest run = require(id);
        Job job = jobs.get(id);
        if (job != null && !run.status().isFinal()) {
            return job.log(LOG_CAP);
        }
        String key = RunLayout.prefix(run) + RunLayout.LOG;
        return store.exists(key) ? new String(store.read(key), StandardCharsets.UTF_8) : "";
    }

    public RunManifest cancel(String id) {
        RunManifest run = require(id);
        if (run.status().isFinal()) {
            throw new ApiException(409, "run " + id + " already " + run.status().label());
        }
        Job job = jobs.get(id);
        if (job == null) {
            throw new ApiException(409, "run " + id + " is in flight in another process (" + run.owner() + "): cancel it there");
        }
        job.cancel();
        return index.get(id);
    }

    /** Waits until the run is final (for the CLI's --wait and tests). */
    public RunManifest await(String id, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            RunManifest run = require(id);
            if (run.status().isFinal()) {
                return run;
            }
            Thread.sleep(50);
        }
        return require(id);
    }

    public String location(RunManifest run, String file) {
        return store.location(RunLayout.prefix(run) + file);
    }

    public String project() {
        return project;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        cluster.close();
        LIVE_INSTANCES.remove(instance);
    }

    /** Forgets this instance without stopping its jobs: what a crash looks like to the next sidecar (tests). */
    void crash() {
        watcher.shutdownNow();
        LIVE_INSTANCES.remove(instance);
    }
}
