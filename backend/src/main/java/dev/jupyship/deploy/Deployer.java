package dev.jupyship.deploy;

import dev.jupyship.contract.Contract;
import dev.jupyship.contract.ContractFormatException;
import dev.jupyship.contract.ContractReader;
import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.LocalBatchCluster;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesBatchCluster;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.errors.NotFound;
import dev.jupyship.errors.Refused;
import dev.jupyship.errors.Unavailable;
import dev.jupyship.lint.LintConfig;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.review.NotebookHistory;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.run.RunEnvironment;
import dev.jupyship.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deploy to dev: takes a notebook (working tree or a git revision), gates it on lint and its
 * contract, records the run in the {@link ArtifactStore} and has the {@link BatchCluster} run it;
 * reruns and cancels runs. The rest is delegated, one job each: the runs' history
 * ({@link RunHistory}), following this process's runs and storing their outputs ({@link RunFollower}),
 * taking over runs whose owner is gone ({@link RunRecovery}), and logs ({@link RunLogs}). Opening
 * one indexes a store written before the run index (once), reads the newest page of runs and starts a
 * watcher thread; a command that only reads opens a {@link RunHistory} instead
 * ({@link #history(Path, DeployConfig)}).
 */
public final class Deployer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Deployer.class.getName());
    /**
     * Same notebook, revision and parameters within this window, without a key: the same run (a
     * double click), unless that run was cancelled or failed (a retry after fixing the cause starts anew).
     */
    static final Duration DOUBLE_CLICK = Duration.ofSeconds(10);
    /** How many of a notebook's newest runs a deploy compares itself with, beyond those in memory: retries come soon after. */
    static final int DUPLICATE_LOOKBACK = 20;
    /** Who deploys: JupyterHub's user in a notebook pod, else the account the sidecar runs as. */
    private static final String USER = Optional.ofNullable(System.getenv("JUPYTERHUB_USER")).filter(u -> !u.isBlank())
            .orElse(System.getProperty("user.name", "unknown"));

    private final Path workspace;
    private final String project;
    private final ArtifactStore store;
    private final BatchCluster cluster;
    private final DeployConfig config;
    private final DeployGate gate = new DeployGate();
    private final DataSnapshots snapshots;
    private final RunFolders folders;
    private final Clock clock;
    private final Ownership ownership = new Ownership();
    private final String owner = ownership.owner();
    private final RunHistory history;
    private final RunFollower follower;
    private final RunRecovery recovery;
    private final RunLogs logs;
    private final Object deploying = new Object();
    private final ScheduledExecutorService watcher;
    private final List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A deployer with the sidecar's default settings. */
    public Deployer(Path workspace, ArtifactStore store, BatchCluster cluster, DeployConfig config, Clock clock) throws IOException {
        this(workspace, store, cluster, config, clock, DeploySettings.defaults());
    }

    public Deployer(Path workspace, ArtifactStore store, BatchCluster cluster, DeployConfig config, Clock clock, DeploySettings settings)
            throws IOException {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.project = project(this.workspace, config);
        this.store = store;
        this.snapshots = new DataSnapshots(store);
        this.cluster = cluster;
        this.config = config;
        this.folders = RunFolders.under(this.workspace);
        this.clock = clock;
        RunFollower[] following = new RunFollower[1];
        this.history = new RunHistory(store, project, clock, settings, owner, id -> following[0] != null && following[0].follows(id));
        this.follower = new RunFollower(store, cluster, history, clock, settings, folders);
        following[0] = follower;
        this.recovery = new RunRecovery(cluster, history, follower, folders, clock, owner);
        this.logs = new RunLogs(history, store, follower::job);
        long started = System.nanoTime();
        history.open();
        LOG.fine(() -> "read the newest " + history.size() + " run manifests in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        this.watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "deploy-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long rescan = settings.rescan().toMillis();
        watcher.scheduleWithFixedDelay(follower::noticeStarts, 100, 100, TimeUnit.MILLISECONDS);
        watcher.scheduleWithFixedDelay(this::rescanQuietly, rescan, rescan, TimeUnit.MILLISECONDS);
    }

    /** The project runs go under: {@code [deploy] project}, else the workspace folder's name. */
    private static String project(Path workspace, DeployConfig config) {
        return config.project() != null ? config.project() : workspace.getFileName() == null ? "workspace" : workspace.getFileName().toString();
    }

    private void rescanQuietly() {
        try {
            history.refreshOthersInFlight();
            // A CLI on this host that was stopped mid-run leaves its run to this sidecar.
            recovery.recover();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the runs in the store; the history may be behind", e);
        }
    }

    /** The deployer the configuration asks for; unimplemented backends are refused with a clear message. */
    public static Deployer open(Path workspace, DeployConfig config, PythonEnvironment python) throws IOException {
        return open(workspace, config, python, DeploySettings.defaults());
    }

    public static Deployer open(Path workspace, DeployConfig config, PythonEnvironment python, DeploySettings settings) throws IOException {
        Path root = workspace.toAbsolutePath().normalize().resolve(".jupyship");
        ArtifactStore store = store(workspace, config, settings);
        // The Kubernetes client's classes load only here, when configured.
        BatchCluster cluster = config.clusterKind().equals("kubernetes") ? KubernetesBatchCluster.connect(config.kubernetes(), store)
                // A local run reaches the store as a batch pod does: a snapshot's gs:// folder on the store's own endpoint.
                : new LocalBatchCluster(new PapermillRunner(python, new RunEnvironment(config.passEnvironment(), store.clientEnvironment())),
                        root.resolve("deploy-work/jobs"),
                        config.concurrency(), settings.closeWait());
        try {
            return new Deployer(workspace, store, cluster, config, Clock.systemUTC(), settings);
        } catch (IOException | RuntimeException unreadable) {
            cluster.close(); // opening is tried again later: no client left behind per attempt
            throw unreadable;
        }
    }

    private static ArtifactStore store(Path workspace, DeployConfig config, DeploySettings settings) {
        return config.storeKind().equals("gcs")
                ? new GcsArtifactStore(config.bucket(), config.prefix(), config.endpoint(), settings.storeAttempts())
                : new LocalArtifactStore(workspace.toAbsolutePath().normalize().resolve(".jupyship"));
    }

    /**
     * The runs' history alone, for a command that only reads: the store opened, nothing read yet, no
     * cluster, no thread. {@link RunHistory#page} reads a page of runs; {@link RunHistory#readOne} one.
     */
    public static RunHistory history(Path workspace, DeployConfig config) {
        Path root = workspace.toAbsolutePath().normalize();
        return new RunHistory(store(root, config, DeploySettings.defaults()), project(root, config), Clock.systemUTC(),
                DeploySettings.defaults(), null, id -> false);
    }

    /** A run's log as a command that only reads sees it: from the store once the run has ended, else {@code null} (ask a deployer). */
    public static String storedLog(RunHistory history, String id) throws IOException {
        RunManifest run = history.readOne(id).orElseThrow(() -> new NotFound("no run '" + id + "'"));
        if (!run.status().isFinal()) {
            return null;
        }
        return new RunLogs(history, history.store(), r -> Optional.empty()).log(id);
    }

    /**
     * From now on, the ends of the runs this process follows pass through the completion (the promotion
     * gate, alerts). A completion that is {@link AutoCloseable} is closed with the deployer, after its
     * cluster, so that it hears of the runs that closing ends.
     */
    public void addCompletion(RunCompletion completion) {
        history.addCompletion(completion);
        if (completion instanceof AutoCloseable closeable) {
            closeables.add(closeable);
        }
    }

    /** This process's runs in flight, as it follows them (alerts watch how long they take). */
    public List<RunManifest> following() {
        return history.following();
    }

    public DeployConfig config() {
        return config;
    }

    /** Where its runs run. */
    public BatchCluster cluster() {
        return cluster;
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
        DataSnapshots.Resolved data = snapshots.resolve(verdict.contract(), request.parameters());
        return start(project, checked.notebookPath(), checked.ref(), checked.snapshot().bytes(), checked.snapshot().git(), data.parameters(),
                data.uses(), request.idempotencyKey(), null, verdict.blocking().isEmpty() ? null : Boolean.TRUE, request.schedule());
    }

    /**
     * A notebook as a deploy of the request would run it, with its git facts: what a schedule that a
     * cluster fires (a CronJob's pod, with no workspace) keeps in the store and runs later.
     */
    public record Staged(String notebook, String ref, GitFacts git) {
    }

    /**
     * The gate's verdict on a deploy of the request, with what it would run (its bytes, and the rest):
     * one check for a schedule a cluster fires, which keeps the notebook in the store. The caller
     * refuses on the verdict, as {@link #deploy} does.
     */
    public record Prepared(DeployGate.Verdict verdict, Staged staged, byte[] bytes) {
    }

    public Prepared prepare(DeployRequest request) throws IOException {
        Checked checked = checked(request);
        return new Prepared(checked.verdict(), new Staged(checked.notebookPath(), checked.ref(), checked.snapshot().git()),
                checked.snapshot().bytes());
    }

    /**
     * Starts a run of a staged notebook, in this deployer's project: its contract's data snapshots
     * resolved now (latest is the newest at this run), as a deploy resolves them.
     */
    public RunManifest deployStaged(Staged staged, byte[] bytes, Map<String, Object> parameters, String idempotencyKey, String schedule)
            throws IOException {
        Contract contract;
        try {
            contract = ContractReader.read(Notebook.parse(bytes, staged.notebook())).orElse(null);
        } catch (ContractFormatException malformed) {
            throw new BadInput(staged.notebook() + ": its contract cannot be read: " + malformed.getMessage());
        }
        DataSnapshots.Resolved data = snapshots.resolve(contract, parameters);
        return start(project, staged.notebook(), staged.ref(), bytes, staged.git() == null ? GitFacts.NONE : staged.git(), data.parameters(),
                data.uses(), idempotencyKey, null, null, schedule);
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
        String ref = NotebookHistory.isWorkingTree(request.ref()) ? null : request.ref();
        GitFactsReader.Snapshot snapshot = GitFactsReader.read(file, ref);
        Notebook notebook = Notebook.parse(snapshot.bytes(), notebookPath);
        DeployGate.Verdict verdict = gate.check(notebook, file, notebookPath, LintConfig.forFile(file, workspace), request.parameters());
        return new Checked(notebookPath, ref, snapshot, verdict);
    }

    /**
     * A new run with an old run's inputs: its notebook as deployed, parameters and git facts, in the
     * old run's project, so that it joins that notebook's history wherever it is started from.
     */
    public RunManifest rerun(String id, String idempotencyKey) throws IOException {
        RunManifest old = require(id);
        snapshots.requireUnchanged(old);
        byte[] input = store.read(old.prefix() + RunLayout.INPUT);
        return start(old.project() != null ? old.project() : project, old.notebook(), old.ref(), input, old.git(), old.parameters(),
                old.snapshots(), idempotencyKey, old.id(), old.forced(), null);
    }

    private RunManifest start(String runProject, String notebookPath, String ref, byte[] bytes, GitFacts git, Map<String, Object> parameters,
                              Map<String, SnapshotUse> data, String key, String rerunOf, Boolean forced, String schedule) throws IOException {
        String fingerprint = fingerprint(notebookPath, ref, bytes, parameters, rerunOf);
        RunManifest run;
        synchronized (deploying) {
            Optional<RunManifest> existing = duplicate(runProject, notebookPath, key, fingerprint);
            if (existing.isPresent()) {
                return existing.get();
            }
            Instant now = clock.instant();
            String id;
            do {
                id = RunLayout.newId(now);
            } while (history.known(id));
            run = new RunManifest(id, runProject, notebookPath, ref, git, new TreeMap<>(parameters), config.image(), config.target(),
                    cluster.name(), RunStatus.QUEUED, now, null, null, null, null, null, blankToNull(key), fingerprint, rerunOf,
                    owner, forced, Ownership.machine(owner), schedule).withSnapshots(data);
            String prefix = run.prefix();
            try {
                store.put(prefix + RunLayout.INPUT, bytes);
                history.commit(run);
            } catch (IOException e) {
                tryDelete(prefix + RunLayout.MANIFEST);
                tryDelete(prefix + RunLayout.INPUT);
                throw new Unavailable("the artifact store refused the run (" + e.getMessage() + "); nothing was deployed: try again");
            }
        }
        Path local = Files.createDirectories(folders.inputs()).resolve(run.id() + ".ipynb");
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
                    run.prefix()));
        } catch (IOException e) {
            RunManifest failed = run.finished(RunStatus.FAILED, clock.instant(),
                    RunFailure.of("cluster", "the " + cluster.name() + " cluster refused the job: " + e.getMessage()), null, null);
            history.commitQuietly(failed);
            return failed;
        }
        follower.follow(run, job);
        return history.find(run.id()).orElse(run);
    }

    /**
     * The run a deploy repeats: the same idempotency key, or the same notebook, revision, parameters
     * and bytes within {@link #DOUBLE_CLICK}. Looked for among the runs in memory and the notebook's
     * newest runs in the store's index, so a retry reaches its run after a sidecar restart, or from
     * the CLI, however many runs others started meanwhile.
     */
    private Optional<RunManifest> duplicate(String runProject, String notebookPath, String key, String fingerprint) throws IOException {
        Instant recent = clock.instant().minus(DOUBLE_CLICK);
        List<RunManifest> candidates = new ArrayList<>(history.runs());
        if (runProject.equals(project)) {
            candidates.addAll(history.page(notebookPath, null, null, DUPLICATE_LOOKBACK).runs());
        }
        return candidates.stream()
                .filter(run -> key != null && !key.isBlank() ? key.equals(run.idempotencyKey())
                        : fingerprint.equals(run.fingerprint()) && run.idempotencyKey() == null && run.createdAt().isAfter(recent)
                                && run.status() != RunStatus.CANCELLED && run.status() != RunStatus.FAILED)
                .max(Comparator.comparing(RunManifest::createdAt));
    }

    private static String fingerprint(String notebook, String ref, byte[] bytes, Map<String, Object> parameters, String rerunOf) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((notebook + "\n" + ref + "\n" + rerunOf + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(RunHistory.JSON.writeValueAsBytes(new TreeMap<>(parameters)));
            sha.update(bytes);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void tryDelete(String key) {
        try {
            store.delete(key);
        } catch (IOException | RuntimeException ignored) {
            // what is left has no manifest: invisible
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    // ---------------------------------------------------------------- runs

    /** Shows what the store holds now rather than within the rescan period; see {@link RunHistory#rescan()}. */
    public void rescan() throws IOException {
        history.rescan();
    }

    /** Takes over the runs whose owner is gone; see {@link RunRecovery#recover()}. Answers how many were marked failed. */
    public int recover() {
        return recovery.recover();
    }

    public Optional<RunManifest> find(String id) {
        return history.find(id);
    }

    public RunManifest require(String id) {
        return history.require(id);
    }

    /** Newest first, at most {@link RunHistory#LIST_BOUND}; null filters match everything. */
    public List<RunManifest> list(String notebook, RunStatus status) {
        return history.list(notebook, status);
    }

    /** A page of runs, newest first, after the run {@code before}; see {@link RunHistory#page}. */
    public RunHistory.Page page(String notebook, RunStatus status, String before, int limit) throws IOException {
        return history.page(notebook, status, before, limit);
    }

    public List<RunHistory.MetricPoint> metrics(String notebook) {
        return history.metrics(notebook);
    }

    public String log(String id) throws IOException {
        return logs.log(id);
    }

    public RunLogs.LogSlice log(String id, long offset) throws IOException {
        return logs.log(id, offset);
    }

    public RunManifest cancel(String id) {
        RunManifest run = require(id);
        if (run.status().isFinal()) {
            throw new Conflict("run " + id + " already " + run.status().label());
        }
        Job job;
        try {
            // A Kubernetes Job can be stopped from anywhere; the local runner knows only its own processes.
            job = follower.job(run).orElseThrow(() -> new Conflict("run " + id + " is in flight in another process ("
                    + run.owner() + "): cancel it there"));
        } catch (java.io.UncheckedIOException unanswered) {
            throw new Unavailable("run " + id + " was not cancelled: " + unanswered.getCause().getMessage());
        }
        job.cancel();
        return history.require(id);
    }

    /**
     * Deletes an ended run: its index entries first, so the run leaves every listing at once, then its
     * manifest, so a delete cut short leaves only files nothing shows, then the rest of its files. A run in flight is
     * cancelled first; a run started on another machine (a colleague's notebook pod sharing the
     * bucket) is theirs to delete.
     */
    public void delete(String id) throws IOException {
        RunManifest run = require(id);
        if (!run.status().isFinal()) {
            throw new Conflict("run " + id + " is " + run.status().label() + ": cancel it before deleting it");
        }
        String machine = run.startedOn();
        if (machine != null && !machine.equals(Ownership.machine(owner))) {
            throw new Refused("run " + id + " was started on " + machine + ", not here: only its own user deletes it");
        }
        String prefix = run.prefix();
        history.unindex(run);
        store.delete(prefix + RunLayout.MANIFEST);
        for (String key : store.list(prefix)) {
            store.delete(key);
        }
        follower.cleanUp(id);
    }

    /** Waits until the run is final and its completions have heard of it (for the CLI, which exits next, and tests). */
    public RunManifest await(String id, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            RunManifest run = require(id);
            if (run.status().isFinal() && !history.completing(id)) {
                return run;
            }
            Thread.sleep(50);
        }
        return require(id);
    }

    public String location(RunManifest run, String file) {
        return store.location(run.prefix() + file);
    }

    /** Whether one of a run's files is in the store: a run lost in flight has no executed notebook. */
    public boolean stored(RunManifest run, String file) throws IOException {
        return store.exists(run.prefix() + file);
    }

    public String project() {
        return project;
    }

    /** Who deploys from here: JupyterHub's user in a notebook pod, else the account the sidecar runs as. */
    public static String user() {
        return USER;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        cluster.close();
        ownership.close();
        for (AutoCloseable closeable : closeables) { // last: alerts may take a moment to send what closing raised
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not close " + closeable.getClass().getSimpleName(), e);
            }
        }
    }

    /** Forgets this instance without stopping its jobs: what a crash looks like to the next sidecar (tests). */
    void crash() {
        watcher.shutdownNow();
        ownership.close();
    }
}
