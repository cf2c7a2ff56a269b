package dev.jupyship.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.errors.NotFound;
import dev.jupyship.workspace.PathNames;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The runs' history: an in-memory index of run manifests, read from the {@link ArtifactStore} and
 * kept up to date by this process's writes and by rescans (runs other processes wrote appear, runs
 * removed from the store disappear), with the lists and metrics over time that are read from it.
 * Starts no thread: whoever owns it decides when to rescan.
 */
public final class RunHistory {

    private static final Logger LOG = Logger.getLogger(RunHistory.class.getName());
    /** Manifests' JSON: instants as ISO-8601 text. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final int MANIFEST_READERS = 16;
    private static final int MAX_NOTEBOOK_SCANS = 1024;

    private final ArtifactStore store;
    private final String project;
    private final Clock clock;
    private final DeploySettings settings;
    private final String owner;
    private final Predicate<String> followed;
    private final Map<String, RunManifest> index = new ConcurrentHashMap<>();
    private final Map<String, Long> notebookScans = new ConcurrentHashMap<>();
    private volatile long lastFullRescan;

    /**
     * @param owner    this process's owner string (null for a process that only reads): its runs' manifests are its own writes
     * @param followed whether this process follows a run (by id): such a run is never dropped from the index
     */
    public RunHistory(ArtifactStore store, String project, Clock clock, DeploySettings settings, String owner, Predicate<String> followed) {
        this.store = store;
        this.project = project;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
        this.followed = followed;
    }

    /**
     * Brings the history up to date with the store: runs other processes wrote (the CLI, another
     * pod sharing the bucket) appear, and runs removed from the store disappear. Manifests of ended
     * runs never change, so each is read once; new ones are read in parallel, since a remote store
     * answers each read in tens of milliseconds.
     */
    public void rescan() throws IOException {
        rescan(RunLayout.ROOT);
        lastFullRescan = clock.millis();
    }

    /** The same, for the keys under one prefix (one notebook's runs). */
    void rescan(String prefix) throws IOException {
        Map<String, String> manifests = manifestKeys(prefix);
        List<String> unread = manifests.entrySet().stream()
                .filter(e -> !index.containsKey(e.getKey()) || !index.get(e.getKey()).status().isFinal() && !mine(index.get(e.getKey())))
                .map(Map.Entry::getValue).toList();
        readManifests(unread);
        index.entrySet().removeIf(e -> e.getValue().project() != null
                && RunLayout.prefix(e.getValue()).startsWith(prefix) && !manifests.containsKey(e.getKey()) && !followed.test(e.getKey()));
    }

    /** One run's manifest read by its id, the store listed but no other manifest read: what a command that shows one run needs. */
    public Optional<RunManifest> readOne(String id) throws IOException {
        String key = manifestKeys(RunLayout.ROOT).get(id);
        if (key != null) {
            readManifests(List.of(key));
        }
        return find(id);
    }

    private Map<String, String> manifestKeys(String prefix) throws IOException {
        Map<String, String> manifests = new LinkedHashMap<>();
        for (String key : store.list(prefix)) {
            String id = RunLayout.manifestRunId(key);
            if (id != null) {
                manifests.put(id, key);
            }
        }
        return manifests;
    }

    /** Runs in flight in other processes: their manifests are read again (by key, no listing) until they end. */
    void refreshOthersInFlight() {
        readManifests(index.values().stream().filter(run -> !run.status().isFinal() && !mine(run))
                .map(run -> RunLayout.prefix(run) + RunLayout.MANIFEST).toList());
    }

    /** The whole store listed again once the full-rescan period is over. */
    void rescanIfDue() throws IOException {
        if (clock.millis() - lastFullRescan >= settings.fullRescan().toMillis()) {
            rescan();
        }
    }

    boolean mine(RunManifest run) {
        return owner != null && owner.equals(run.owner()) || followed.test(run.id());
    }

    private void readManifests(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Consumer<String> read = key -> {
            try {
                RunManifest run = JSON.readValue(store.read(key), RunManifest.class);
                index.merge(run.id(), run, (known, stored) -> mine(known) || known.status().isFinal() ? known : stored);
            } catch (NoSuchFileException removed) {
                String id = RunLayout.manifestRunId(key);
                if (id != null && !followed.test(id)) {
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
        ExecutorService readers = Executors.newFixedThreadPool(MANIFEST_READERS, task -> {
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

    /** One notebook's runs read again when someone looks at them and the last look is older than the rescan period. */
    private void rescanNotebookIfStale(String notebook) {
        long now = clock.millis();
        long period = settings.rescan().toMillis();
        Long last = notebookScans.get(notebook);
        if (last != null && now - last < period) {
            return;
        }
        if (notebookScans.size() >= MAX_NOTEBOOK_SCANS) {
            // Any name a caller asks for takes an entry: forget the stale ones rather than grow without bound.
            notebookScans.values().removeIf(scanned -> now - scanned >= period);
        }
        notebookScans.put(notebook, now);
        try {
            rescan(RunLayout.ROOT + project + "/" + notebook + "/");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the runs of " + notebook + " in the store; its history may be behind", e);
        }
    }

    // ---------------------------------------------------------------- writes

    /** Stores a run's manifest, then the index has it: what others read is never behind what this process says. */
    void commit(RunManifest run) throws IOException {
        storeManifest(run);
        index.put(run.id(), run);
    }

    void commitQuietly(RunManifest run) {
        try {
            commit(run);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not store the manifest of run " + run.id(), e);
        }
    }

    void storeManifest(RunManifest run) throws IOException {
        store.put(RunLayout.prefix(run) + RunLayout.MANIFEST, JSON.writeValueAsBytes(run));
    }

    /** Drops a run whose manifest was deleted from the store. */
    void forget(String id) {
        index.remove(id);
    }

    /** Records a manifest already stored. */
    void indexed(RunManifest run) {
        index.put(run.id(), run);
    }

    // ---------------------------------------------------------------- reads

    ArtifactStore store() {
        return store;
    }

    public int size() {
        return index.size();
    }

    Collection<RunManifest> runs() {
        return index.values();
    }

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
        Collections.reverse(runs);
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
        Collections.reverse(points);
        return points;
    }
}
