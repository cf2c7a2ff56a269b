package dev.jupyship.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.LocalBatchCluster;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesBatchCluster;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.errors.NotFound;
import dev.jupyship.errors.Unavailable;
import dev.jupyship.lint.LintConfig;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.run.RunEnvironment;
import dev.jupyship.workspace.PathNames;
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
    /**
     * Same notebook, revision and parameters within this window, without a key: the same run (a
     * double click), unless that run was cancelled or failed (a retry after fixing the cause starts anew).
     */
    static final Duration DOUBLE_CLICK = Duration.ofSeconds(10);
    /** Attempts at storing a finished run's outputs; constants tests may change. */
    static int uploadAttempts = 3;
    static long uploadBackoffMillis = 200;
    /**
     * How often runs other processes have in flight are read again, and how stale one notebook's
     * runs may be when someone lists them; the whole store is listed again only every
     * {@link #fullRescanMillis}, since listing a bucket costs in proportion to all its runs.
     */
    static long rescanMillis = 5_000;
    static long fullRescanMillis = 60_000;
    private static final int MANIFEST_READERS = 16;
    private static final int LOG_CAP = 1024 * 1024;
    /** At most this many runs' outputs are kept on this machine while the store refuses them; the oldest go first. */
    static int maxUnstored = 5;
    private static final Set<String> LIVE_INSTANCES = ConcurrentHashMap.newKeySet();
    private static final ProcessHandle SELF = ProcessHandle.current();
    /**
     * The machine a run's owner runs on: the pod's name in a cluster (stable across restarts of a
     * JupyterHub user's pod), so a sidecar judges only its own machine's runs after a restart.
     */
    private static final String HOST = hostName();
    /** Who deploys: JupyterHub's user in a notebook pod, else the account the sidecar runs as. */
    private static final String USER = Optional.ofNullable(System.getenv("JUPYTERHUB_USER")).filter(u -> !u.isBlank())
            .orElse(System.getProperty("user.name", "unknown"));

    private final Path workspace;
    private final String project;
    private final ArtifactStore store;
    private final BatchCluster cluster;
    private final DeployConfig config;
    private final DeployGate gate = new DeployGate();
    private final Path inputs;
    /** Outcomes of runs whose outputs the store refused, their folders kept to be stored at the next start. */
    private final Path unstored;
    private final Clock clock;
    private final String owner;
    private final String instance = UUID.randomUUID().toString();
    private final Map<String, RunManifest> index = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Object deploying = new Object();
    private final ScheduledExecutorService watcher;
    private static final int MAX_NOTEBOOK_SCANS = 1024;
    private final Map<String, Long> notebookScans = new ConcurrentHashMap<>();
    private volatile long lastFullRescan;
    private boolean sweptLeftovers;

    public Deployer(Path workspace, ArtifactStore store, BatchCluster cluster, DeployConfig config, Clock clock) throws IOException {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.project = config.project() != null ? config.project()
                : this.workspace.getFileName() == null ? "workspace" : this.workspace.getFileName().toString();
        this.store = store;
        this.cluster = cluster;
        this.config = config;
        this.inputs = this.workspace.resolve(".jupyship/deploy-work/inputs");
        this.unstored = this.workspace.resolve(".jupyship/deploy-work/unstored");
        this.clock = clock;
        this.owner = HOST + ":" + SELF.pid() + ":" + SELF.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + ":" + instance;
        LIVE_INSTANCES.add(instance);
        long started = System.nanoTime();
        rescan();
        lastFullRescan = clock.millis();
        LOG.fine(() -> "read " + index.size() + " run manifests in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        this.watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "deploy-watcher");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::noticeStarts, 100, 100, TimeUnit.MILLISECONDS);
        watcher.scheduleWithFixedDelay(this::rescanQuietly, rescanMillis, rescanMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Brings the history up to date with the store: runs other processes wrote (the CLI, another
     * pod sharing the bucket) appear, and runs removed from the store disappear. Manifests of ended
     * runs never change, so each is read once; new ones are read in parallel, since a remote store
     * answers each read in tens of milliseconds.
     */
    public void rescan() throws IOException {
        rescan(RunLayout.ROOT);
    }

    /** The same, for the keys under one prefix (one notebook's runs). */
    void rescan(String prefix) throws IOException {
        Map<String, String> manifests = new LinkedHashMap<>();
        for (String key : store.list(prefix)) {
            String id = RunLayout.manifestRunId(key);
            if (id != null) {
                manifests.put(id, key);
            }
        }
        List<String> unread = manifests.entrySet().stream()
                .filter(e -> !index.containsKey(e.getKey()) || !index.get(e.getKey()).status().isFinal() && !mine(index.get(e.getKey())))
                .map(Map.Entry::getValue).toList();
        readManifests(unread);
        index.entrySet().removeIf(e -> e.getValue().project() != null
                && RunLayout.prefix(e.getValue()).startsWith(prefix) && !manifests.containsKey(e.getKey()) && !jobs.containsKey(e.getKey()));
    }

    /** Runs in flight in other processes: their manifests are read again (by key, no listing) until they end. */
    private void refreshOthersInFlight() {
        readManifests(index.values().stream().filter(run -> !run.status().isFinal() && !mine(run))
                .map(run -> RunLayout.prefix(run) + RunLayout.MANIFEST).toList());
    }

    private boolean mine(RunManifest run) {
        return owner.equals(run.owner()) || jobs.containsKey(run.id());
    }

    private void readManifests(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        java.util.function.Consumer<String> read = key -> {
            try {
                RunManifest run = JSON.readValue(store.read(key), RunManifest.class);
                index.merge(run.id(), run, (known, stored) -> mine(known) || known.status().isFinal() ? known : stored);
            } catch (NoSuchFileException removed) {
                String id = RunLayout.manifestRunId(key);
                if (id != null && !jobs.containsKey(id)) {
                    index.remove(id);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "unreadable run manifest " + key + " left out of the history", e);
            }
        };
        if (keys.size() < 8) {
            keys.forEach(read);
            return;
        }
        java.util.concurrent.ExecutorService readers = Executors.newFixedThreadPool(MANIFEST_READERS, task -> {
            Thread thread = new Thread(task, "manifest-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            keys.forEach(key -> readers.execute(() -> read.accept(key)));
        } finally {
            readers.shutdown();
            try {
                readers.awaitTermination(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void rescanQuietly() {
        try {
            refreshOthersInFlight();
            // A CLI on this host that was stopped mid-run leaves its run to this sidecar.
            recover();
            if (clock.millis() - lastFullRescan >= fullRescanMillis) {
                rescan();
                lastFullRescan = clock.millis();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the runs in the store; the history may be behind", e);
        }
    }

    /** One notebook's runs read again when someone looks at them and the last look is older than the rescan period. */
    private void rescanNotebookIfStale(String notebook) {
        long now = clock.millis();
        Long last = notebookScans.get(notebook);
        if (last != null && now - last < rescanMillis) {
            return;
        }
        if (notebookScans.size() >= MAX_NOTEBOOK_SCANS) {
            // Any name a caller asks for takes an entry: forget the stale ones rather than grow without bound.
            notebookScans.values().removeIf(scanned -> now - scanned >= rescanMillis);
        }
        notebookScans.put(notebook, now);
        try {
            rescan(RunLayout.ROOT + project + "/" + notebook + "/");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the runs of " + notebook + " in the store; its history may be behind", e);
        }
    }

    /** The deployer the configuration asks for; unimplemented backends are refused with a clear message. */
    public static Deployer open(Path workspace, DeployConfig config, PythonEnvironment python) throws IOException {
        Path root = workspace.toAbsolutePath().normalize().resolve(".jupyship");
        ArtifactStore store = config.storeKind().equals("gcs")
                ? new GcsArtifactStore(config.bucket(), config.prefix(), config.endpoint())
                : new LocalArtifactStore(root);
        // The Kubernetes client's classes load only here, when configured.
        BatchCluster cluster = config.clusterKind().equals("kubernetes") ? KubernetesBatchCluster.connect(config, store)
                : new LocalBatchCluster(new PapermillRunner(python, new RunEnvironment(config.passEnvironment())), root.resolve("deploy-work/jobs"),
                        config.concurrency());
        try {
            return new Deployer(workspace, store, cluster, config, Clock.systemUTC());
        } catch (IOException | RuntimeException unreadable) {
            cluster.close(); // opening is tried again later: no client left behind per attempt
            throw unreadable;
        }
    }

    public DeployConfig config() {
        return config;
    }

    public ArtifactStore store() {
        return store;
    }

    // ---------------------------------------------------------------- deploy

    public RunManifest deploy(DeployRequest request) throws IOException {
        Checked checked = checked(request);
        DeployGate.Verdict verdict = checked.verdict();
        if (!verdict.parameterProblems().isEmpty()) {
            throw new BadInput(checked.notebookPath() + ": " + String.join("; ", verdict.parameterProblems()));
        }
        if (!verdict.blocking().isEmpty() && !request.force()) {
            throw new GateRefusal(verdict);
        }
        return start(project, checked.notebookPath(), checked.ref(), checked.snapshot().bytes(), checked.snapshot().git(), request.parameters(),
                request.idempotencyKey(), null, verdict.blocking().isEmpty() ? null : Boolean.TRUE);
    }

    /** The gate's verdict on a deploy, without deploying: what the deploy dialog shows before the click. */
    public DeployGate.Verdict check(DeployRequest request) throws IOException {
        return checked(request).verdict();
    }

    private record Checked(String notebookPath, String ref, GitFactsReader.Snapshot snapshot, DeployGate.Verdict verdict) {
    }

    private Checked checked(DeployRequest request) throws IOException {
        String target = request.target() == null || request.target().isBlank() ? config.target() : request.target();
        if (!target.equals(config.target())) {
            throw new BadInput("target '" + target + "' is not accepted here: the sidecar deploys to '" + config.target()
                    + "' only; production deploys go through git and CI");
        }
        Workspace confined = new Workspace(workspace);
        Path file = confined.resolve(request.path());
        if (!Files.isRegularFile(file)) {
            throw new NotFound("no notebook at '" + request.path() + "' in the workspace");
        }
        String notebookPath = confined.relative(file);
        String ref = NotebookHistory_isWorkingTree(request.ref()) ? null : request.ref();
        GitFactsReader.Snapshot snapshot = GitFactsReader.read(file, ref);
        Notebook notebook = Notebook.parse(snapshot.bytes(), notebookPath);
        DeployGate.Verdict verdict = gate.check(notebook, file, notebookPath, LintConfig.forFile(file, workspace), request.parameters());
        return new Checked(notebookPath, ref, snapshot, verdict);
    }

    private static boolean NotebookHistory_isWorkingTree(String ref) {
        return dev.jupyship.review.NotebookHistory.isWorkingTree(ref);
    }

    /**
     * A new run with an old run's inputs: its notebook as deployed, parameters and git facts, in the
     * old run's project, so that it joins that notebook's history wherever it is started from.
     */
    public RunManifest rerun(String id, String idempotencyKey) throws IOException {
        RunManifest old = require(id);
        byte[] input = store.read(RunLayout.prefix(old) + RunLayout.INPUT);
        return start(old.project() != null ? old.project() : project, old.notebook(), old.ref(), input, old.git(), old.parameters(),
                idempotencyKey, old.id(), old.forced());
    }

    private RunManifest start(String runProject, String notebookPath, String ref, byte[] bytes, GitFacts git, Map<String, Object> parameters,
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
            run = new RunManifest(id, runProject, notebookPath, ref, git, new TreeMap<>(parameters), config.image(), config.target(),
                    cluster.name(), RunStatus.QUEUED, now, null, null, null, null, null, blankToNull(key), fingerprint, rerunOf,
                    owner, forced);
            String prefix = RunLayout.prefix(run);
            try {
                store.put(prefix + RunLayout.INPUT, bytes);
                commit(run);
            } catch (IOException e) {
                tryDelete(prefix + RunLayout.INPUT);
                throw new Unavailable("the artifact store refused the run (" + e.getMessage() + "); nothing was deployed: try again");
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
                                && run.status() != RunStatus.CANCELLED && run.status() != RunStatus.FAILED)
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
                cleanUp(id);
                commitQuietly(run.finished(RunStatus.FAILED, clock.instant(),
                        RunFailure.of("cluster", "the run could not be followed: " + (error == null ? "no outcome" : error.getMessage())), null, null));
                return;
            }
            Job job = jobs.get(id);
            IOException last = null;
            for (int attempt = 1; attempt <= uploadAttempts; attempt++) {
                try {
                    RunManifest done = upload(run, outcome, job);
                    // Local copies go once the store holds everything, and before anyone here is told the run ended.
                    storeManifest(done);
                    cleanUp(id);
                    index.put(id, done);
                    return;
                } catch (IOException e) {
                    last = e;
                    LOG.log(Level.WARNING, "storing run " + id + " failed (attempt " + attempt + ")", e);
                    sleep(uploadBackoffMillis * attempt);
                }
            }
            commitQuietly(run.finished(RunStatus.FAILED, clock.instant(), RunFailure.of("store",
                    "the run ended (" + outcome.status().label() + ") but its outputs could not be stored: " + last.getMessage()
                            + "; they are kept on this machine and stored at the sidecar's next start"), null, null));
            keepUnstored(id, outcome);
        }
    }

    /** The outcome of a run the store refused, kept with its folder for the next start; older kept runs beyond the bound go. */
    private void keepUnstored(String id, JobOutcome outcome) {
        deleteQuietly(inputs.resolve(id + ".ipynb"));
        try {
            Files.createDirectories(unstored);
            Files.write(unstored.resolve(id + ".json"), JSON.writeValueAsBytes(outcome));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not keep the outputs of run " + id + " for a later attempt; they are dropped", e);
            cleanUp(id);
            return;
        }
        List<String> kept = unstoredRuns();
        for (String old : kept.subList(0, Math.max(0, kept.size() - maxUnstored))) {
            LOG.warning("run " + old + ": its unstored outputs are dropped, since at most " + maxUnstored + " runs' are kept on this machine");
            cleanUp(old);
        }
    }

    /** Runs whose outputs are kept for the store, oldest first (ids sort by time). */
    private List<String> unstoredRuns() {
        try (Stream<Path> records = Files.list(unstored)) {
            return records.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length())).sorted().toList();
        } catch (IOException none) {
            return List.of();
        }
    }

    /**
     * At start: outputs the store refused are stored now if it takes them (the run's manifest then
     * says how it really ended), and what runs left on this machine that nothing runs or keeps any
     * more goes (folders of ended or lost runs, notebook copies).
     */
    private void sweepLeftovers() {
        for (String id : unstoredRuns()) {
            RunManifest run = index.get(id);
            if (run != null && !run.status().isFinal()) {
                continue;
            }
            if (run == null || run.failure() == null || !"store".equals(run.failure().kind())) {
                cleanUp(id);
                continue;
            }
            try {
                JobOutcome outcome = JSON.readValue(unstored.resolve(id + ".json").toFile(), JobOutcome.class);
                Job left = cluster.find(id).orElse(null); // for its log; the run has ended, so its outcome is at hand
                if (left != null) {
                    left.outcome().get(30, TimeUnit.SECONDS);
                }
                commit(upload(run, outcome, left));
                cleanUp(id);
                LOG.info(() -> "run " + id + ": the outputs kept on this machine are stored now");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warning("run " + id + ": its kept outputs could still not be stored (" + e.getMessage() + "); tried again at the next start");
            }
        }
        Set<String> keep = Set.copyOf(unstoredRuns());
        for (String id : cluster.leftovers()) {
            RunManifest run = index.get(id);
            if (!keep.contains(id) && !jobs.containsKey(id) && (run == null || run.status().isFinal())) {
                cluster.release(id);
            }
        }
        try (Stream<Path> copies = Files.list(inputs)) {
            for (Path copy : copies.toList()) {
                String id = copy.getFileName().toString().replaceFirst("\\.ipynb$", "");
                RunManifest run = index.get(id);
                if (!jobs.containsKey(id) && (run == null || run.status().isFinal())) {
                    deleteQuietly(copy);
                }
            }
        } catch (IOException none) {
            // no copies
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

    /** What a run left on this machine once its outputs are stored (or cannot be): its notebook copy, its folder. */
    private void cleanUp(String id) {
        deleteQuietly(inputs.resolve(id + ".ipynb"));
        deleteQuietly(unstored.resolve(id + ".json"));
        cluster.release(id);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning("could not remove " + file + ": " + e.getMessage());
        }
    }

    private void commit(RunManifest run) throws IOException {
        storeManifest(run);
        index.put(run.id(), run);
    }

    private void storeManifest(RunManifest run) throws IOException {
        store.put(RunLayout.prefix(run) + RunLayout.MANIFEST, JSON.writeValueAsBytes(run));
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
     * Runs in flight whose process on this machine is gone (the sidecar restarted): the ones the
     * cluster still has (a Kubernetes Job outlives the sidecar) are followed again by this sidecar;
     * the ones whose Job ended and was removed meanwhile get their outcome from what the job left in
     * the store; the others are marked failed. Runs of a live process, and runs owned on another
     * machine (another user's pod on the same bucket), are left alone. A local run outlives a
     * sidecar killed without warning: found again in its folder, it is followed (and can be
     * cancelled) while it runs, and stored once it has ended. Called at start and at each rescan;
     * the first call also stores what the store refused before and removes what runs left behind.
     * Answers how many were marked failed.
     */
    public synchronized int recover() {
        int marked = 0;
        for (RunManifest run : List.copyOf(index.values())) {
            if (run.status().isFinal() || jobs.containsKey(run.id()) || ownerAlive(run.owner())) {
                continue;
            }
            boolean ours = cluster.name().equals(run.cluster());
            Optional<Job> still;
            try {
                still = job(run);
            } catch (java.io.UncheckedIOException unanswered) {
                LOG.warning("run " + run.id() + " left as it is until the next rescan: " + unanswered.getCause().getMessage());
                continue;
            }
            if (still.isPresent()) {
                RunManifest adopted = run.ownedBy(owner);
                commitQuietly(adopted);
                follow(adopted, still.get());
                LOG.info(() -> "run " + run.id() + " was still in the " + cluster.name() + " cluster after a restart: followed again");
                continue;
            }
            Optional<JobOutcome> ended = ours ? cluster.endedInStore(RunLayout.prefix(run)) : Optional.empty();
            if (ended.isPresent()) {
                commitQuietly(run.ownedBy(owner));
                finish(run.id(), ended.get(), null);
                LOG.info(() -> "run " + run.id() + " ended while no sidecar followed it: its outcome was read from the store");
                continue;
            }
            commitQuietly(run.finished(RunStatus.FAILED, clock.instant(), RunFailure.of("interrupted",
                    "the process running it stopped while it was in flight (a sidecar restart, an interrupted CLI), so it was lost; "
                            + "run it again with rerun"), null, null));
            if (ours) {
                cleanUp(run.id());
            }
            marked++;
        }
        if (!sweptLeftovers) {
            sweptLeftovers = true;
            sweepLeftovers();
        }
        return marked;
    }

    /**
     * The job of a run: the one this process follows, else the cluster's when the run was made on a
     * cluster of this kind; {@link java.io.UncheckedIOException} when the cluster could not be asked.
     */
    private Optional<Job> job(RunManifest run) {
        Job followed = jobs.get(run.id());
        if (followed != null) {
            return Optional.of(followed);
        }
        return cluster.name().equals(run.cluster()) ? cluster.find(run.id()) : Optional.empty();
    }

    /** Whether the process that owns a run may still be running it: for another machine's runs, assumed so. */
    private static boolean ownerAlive(String owner) {
        if (owner == null) {
            return false;
        }
        String[] parts = owner.split(":");
        if (parts.length == 4) {
            if (!parts[0].equals(HOST)) {
                return true;
            }
            parts = java.util.Arrays.copyOfRange(parts, 1, 4);
        }
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

    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "localhost";
            }
        }
        return name.replace(":", "_");
    }

    // ---------------------------------------------------------------- history

    public Optional<RunManifest> find(String id) {
        return Optional.ofNullable(index.get(id));
    }

    public RunManifest require(String id) {
        RunManifest run = index.get(id);
        if (run == null) {
            throw new NotFound("no run '" + id + "'");
        }
        return run;
    }

    /** Newest first; null filters match everything. */
    public List<RunManifest> list(String given, RunStatus status) {
        String notebook = given == null || given.isEmpty() ? null : PathNames.canonical(given);
        if (notebook != null) {
            rescanNotebookIfStale(notebook);
        }
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

    /**
     * The log so far: live from the cluster while the run is in flight (a Kubernetes pod's log can be
     * read from any process, whoever follows the run), else as stored.
     */
    public String log(String id) throws IOException {
        RunManifest run = require(id);
        if (!run.status().isFinal()) {
            try {
                Optional<Job> job = job(run);
                if (job.isPresent()) {
                    String live = job.get().log(LOG_CAP);
                    // A run that ended meanwhile may have had its folder released: its log is the stored one.
                    if (!require(id).status().isFinal()) {
                        return live;
                    }
                }
            } catch (java.io.UncheckedIOException unanswered) {
                return "(the live log could not be read: " + unanswered.getCause().getMessage() + ")\n";
            }
        }
        String key = RunLayout.prefix(run) + RunLayout.LOG;
        return store.exists(key) ? new String(store.read(key), StandardCharsets.UTF_8) : "";
    }

    /** A piece of a run's log: what a follower has not seen yet, and where to ask from next. */
    public record LogSlice(String text, long next, RunStatus status) {
    }

    /**
     * The log from a byte offset, cut at a whole character. The status is read first, so a final
     * status means the text reaches the end of the log.
     */
    public LogSlice log(String id, long offset) throws IOException {
        RunStatus status = require(id).status();
        byte[] all = log(id).getBytes(StandardCharsets.UTF_8);
        int from = (int) Math.min(Math.max(0, offset), all.length);
        int end = wholeCharacters(all, from, all.length);
        return new LogSlice(new String(all, from, end - from, StandardCharsets.UTF_8), end, status);
    }

    /** The end of the last whole UTF-8 character within [from, end): a log read mid-write may end inside one. */
    static int wholeCharacters(byte[] bytes, int from, int end) {
        int lead = end - 1;
        while (lead > from && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < from) {
            return end;
        }
        int b = bytes[lead] & 0xFF;
        int length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
        return lead + length > end ? lead : end;
    }

    public RunManifest cancel(String id) {
        RunManifest run = require(id);
        if (run.status().isFinal()) {
            throw new Conflict("run " + id + " already " + run.status().label());
        }
        Job job;
        try {
            // A Kubernetes Job can be stopped from anywhere; the local runner knows only its own processes.
            job = job(run).orElseThrow(() -> new Conflict("run " + id + " is in flight in another process ("
                    + run.owner() + "): cancel it there"));
        } catch (java.io.UncheckedIOException unanswered) {
            throw new Unavailable("run " + id + " was not cancelled: " + unanswered.getCause().getMessage());
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

    /** Whether one of a run's files is in the store: a run lost in flight has no executed notebook. */
    public boolean stored(RunManifest run, String file) throws IOException {
        return store.exists(RunLayout.prefix(run) + file);
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
