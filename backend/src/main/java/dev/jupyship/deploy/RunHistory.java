package dev.jupyship.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.KeyPage;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.NotFound;
import dev.jupyship.workspace.PathNames;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The runs' history, read from the {@link ArtifactStore} through its {@link RunIndex} a page at a
 * time, newest first. What it keeps in memory is bounded whatever the store holds: this process's
 * runs in flight, an LRU cache of the manifests looked at recently ({@link #CACHED_RUNS}), and the
 * listings answered within the rescan period. Nothing lists the store whole: a run is found by its id
 * (one listing of its own index folder), a page by one listing of its notebook's or the store's
 * index. Starts no thread: whoever owns it decides when to refresh.
 */
public final class RunHistory {

    private static final Logger LOG = Logger.getLogger(RunHistory.class.getName());
    /** Manifests' JSON: instants as ISO-8601 text. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT).build();
    /** Manifests of other runs kept in memory at most: a few pages of the runs view, about 2 KB each. */
    static final int CACHED_RUNS = 2000;
    /** Listings kept for the rescan period at most. */
    private static final int CACHED_LISTINGS = 64;
    /** The page {@link #open} reads, so the runs view's first page is ready. */
    public static final int FIRST_PAGE = 100;
    /** The most runs {@link #list} answers: longer histories are paged ({@link #page}). */
    public static final int LIST_BOUND = 1000;
    /** Index entries a page filtered by status reads at most before answering with what it found (and where to go on). */
    private static final int STATUS_SCAN = 2000;

    private final ArtifactStore store;
    private final String project;
    private final Clock clock;
    private final DeploySettings settings;
    private final String owner;
    private final Predicate<String> followed;
    private final Map<String, RunManifest> own = new ConcurrentHashMap<>();
    private final List<RunCompletion> completions = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Runs whose end is stored and whose completions hear of it once it is in memory too. */
    private final java.util.Set<String> ending = ConcurrentHashMap.newKeySet();
    /** Ended runs whose completions are hearing of it now. */
    private final java.util.Set<String> hearing = ConcurrentHashMap.newKeySet();
    private final Map<String, RunManifest> recent;
    private final Map<String, Listing> listings = lru(CACHED_LISTINGS);
    private volatile boolean indexed;
    private volatile long lastInFlightScan;
    private volatile boolean inFlightScanned;

    private record Listing(KeyPage page, long at) {
    }

    /** A page of runs, newest first; {@code next} is the {@code before} of the following page, null on the last one. */
    public record Page(List<RunManifest> runs, String next, Integer total) {
    }

    /**
     * @param owner    this process's owner string (null for a process that only reads): its runs' manifests are its own writes
     * @param followed whether this process follows a run (by id): such a run is kept in memory until it ends
     */
    public RunHistory(ArtifactStore store, String project, Clock clock, DeploySettings settings, String owner, Predicate<String> followed) {
        this(store, project, clock, settings, owner, followed, CACHED_RUNS);
    }

    RunHistory(ArtifactStore store, String project, Clock clock, DeploySettings settings, String owner, Predicate<String> followed,
               int cachedRuns) {
        this.store = store;
        this.project = project;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
        this.followed = followed;
        this.recent = lru(cachedRuns);
    }

    private static <V> Map<String, V> lru(int size) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > size;
            }
        });
    }

    /** For a sidecar: the store indexed if it was written before the index, then the newest page read, ready for the runs view. */
    public void open() throws IOException {
        ensureIndexed();
        page(null, null, null, FIRST_PAGE);
    }

    /** A store written before the index is indexed once, by the first process that reads it. */
    private void ensureIndexed() throws IOException {
        if (!indexed) {
            synchronized (this) {
                if (!indexed) {
                    RunIndexing.ensure(store);
                    indexed = true;
                }
            }
        }
    }

    /**
     * Brings what this process shows up to date with the store at once, instead of within the rescan
     * period: the listings answered and other processes' runs it kept are read again when next asked
     * for. Lists nothing by itself.
     */
    public void rescan() throws IOException {
        ensureIndexed();
        listings.clear();
        synchronized (recent) {
            recent.values().removeIf(run -> !mine(run));
        }
    }

    /** One run's manifest read by its id: what a command that shows one run needs. */
    public Optional<RunManifest> readOne(String id) throws IOException {
        ensureIndexed();
        Optional<RunManifest> known = inMemory(id);
        if (known.isPresent()) {
            return known;
        }
        Optional<RunIndex.Entry> entry = RunIndex.locate(store, id);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(read(List.of(entry.get())).get(id));
    }

    /** Runs in flight in other processes that this one keeps: read again (by key, no listing) until they end or are dropped from the cache. */
    void refreshOthersInFlight() {
        List<RunIndex.Entry> stale;
        synchronized (recent) {
            stale = recent.values().stream().filter(run -> !run.status().isFinal() && !mine(run)).map(RunIndex.Entry::of).toList();
        }
        reread(stale);
    }

    /**
     * Runs in flight started on this machine, for recovery: the ones in memory, and, at first and then
     * once a full-rescan period, the ones the machine's in-flight index names (a CLI on this machine
     * stopped mid-run). An entry whose run has ended or gone is dropped from the index.
     */
    List<RunManifest> inFlightHere() throws IOException {
        String machine = Ownership.machine(owner);
        long now = clock.millis();
        if (machine != null && (!inFlightScanned || now - lastInFlightScan >= settings.fullRescan().toMillis())) {
            ensureIndexed();
            inFlightScanned = true;
            lastInFlightScan = now;
            List<RunIndex.Entry> entries = RunIndex.all(store, RunIndex.inFlightPrefix(machine));
            List<RunIndex.Entry> unknown = entries.stream().filter(e -> inMemory(e.id()).map(run -> !mine(run)).orElse(true)).toList();
            Map<String, RunManifest> read = reread(unknown);
            for (RunIndex.Entry entry : unknown) {
                RunManifest run = read.get(entry.id());
                if (run == null || run.status().isFinal()) {
                    store.delete(RunIndex.inFlightKey(machine, entry));
                }
            }
        }
        List<RunManifest> runs = new ArrayList<>(own.values());
        synchronized (recent) {
            recent.values().stream().filter(run -> !run.status().isFinal()).forEach(runs::add);
        }
        return runs;
    }

    boolean mine(RunManifest run) {
        return owner != null && owner.equals(run.owner()) || followed.test(run.id());
    }

    /**
     * The manifests of the entries, from memory when known (an ended run's never changes; one in flight
     * elsewhere is read again by {@link #refreshOthersInFlight}), else read side by side.
     */
    private Map<String, RunManifest> read(List<RunIndex.Entry> entries) {
        Map<String, RunManifest> found = new ConcurrentHashMap<>();
        List<RunIndex.Entry> unread = new ArrayList<>();
        for (RunIndex.Entry entry : entries) {
            Optional<RunManifest> known = inMemory(entry.id());
            if (known.isPresent()) {
                found.put(entry.id(), known.get());
            } else {
                unread.add(entry);
            }
        }
        found.putAll(reread(unread));
        return found;
    }

    /** The entries' manifests read from the store and kept; one that is gone is forgotten (unless this process follows it). */
    private Map<String, RunManifest> reread(List<RunIndex.Entry> entries) {
        Map<String, RunManifest> found = new ConcurrentHashMap<>();
        InParallel.forEach(entries, entry -> {
            try {
                RunManifest stored = JSON.readValue(store.read(entry.manifest()), RunManifest.class);
                RunManifest run = keep(stored);
                found.put(run.id(), run);
            } catch (NoSuchFileException removed) {
                if (!followed.test(entry.id())) {
                    recent.remove(entry.id());
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "unreadable run manifest " + entry.manifest() + " left out of the history", e);
            }
        });
        return found;
    }

    /** A manifest read from the store, kept unless this process knows better (its own run, or a run already ended). */
    private RunManifest keep(RunManifest stored) {
        RunManifest mineInFlight = own.get(stored.id());
        if (mineInFlight != null) {
            return mineInFlight;
        }
        synchronized (recent) {
            RunManifest known = recent.get(stored.id());
            if (known != null && (mine(known) || known.status().isFinal())) {
                return known;
            }
            recent.put(stored.id(), stored);
        }
        return stored;
    }

    private Optional<RunManifest> inMemory(String id) {
        RunManifest run = own.get(id);
        return Optional.ofNullable(run != null ? run : recent.get(id));
    }

    // ---------------------------------------------------------------- writes

    /** From now on, the ends of runs this process stores pass through the completion. */
    void addCompletion(RunCompletion completion) {
        completions.add(completion);
    }

    /** Stores a run's manifest (and its index entries), then this process has it: what others read is never behind what it says. */
    void commit(RunManifest run) throws IOException {
        indexed(storeManifest(run));
    }

    void commitQuietly(RunManifest run) {
        try {
            commit(run);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not store the manifest of run " + run.id(), e);
        }
    }

    /**
     * The manifest, then the index: a new run's entries once its manifest is stored (so a listed run
     * is whole), the in-flight entry gone once it has ended.
     */
    RunManifest storeManifest(RunManifest run) throws IOException {
        ensureIndexed();
        boolean ends = run.status().isFinal() && !inMemory(run.id()).map(known -> known.status().isFinal()).orElse(false);
        if (ends) {
            run = completed(run);
        }
        store.put(run.prefix() + RunLayout.MANIFEST, JSON.writeValueAsBytes(run));
        if (ends) {
            ending.add(run.id());
        }
        if (run.status() == RunStatus.QUEUED && inMemory(run.id()).isEmpty()) {
            RunIndex.add(store, run);
            listings.clear(); // this process shows its new run at once
        } else if (run.status().isFinal()) {
            try {
                RunIndex.ended(store, run);
            } catch (IOException e) {
                // the machine's next in-flight scan finds the run ended and drops the entry
                LOG.log(Level.FINE, "in-flight entry of run " + run.id() + " left for the next scan", e);
            }
        }
        return run;
    }

    private RunManifest completed(RunManifest ended) {
        for (RunCompletion completion : completions) {
            try {
                ended = completion.beforeStored(ended);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "run " + ended.id() + ": " + completion.getClass().getSimpleName() + " could not complete it", e);
            }
        }
        return ended;
    }

    /** Removes an ended run from the index: it leaves every listing. */
    void unindex(RunManifest run) throws IOException {
        RunIndex.remove(store, run);
        forget(run.id());
    }

    /** Drops a run this process no longer shows. */
    void forget(String id) {
        own.remove(id);
        recent.remove(id);
        listings.clear();
    }

    /** Records a manifest already stored: kept as this process's own while it is in flight, else among the recent. */
    void indexed(RunManifest run) {
        boolean ended = ending.remove(run.id());
        if (ended) {
            hearing.add(run.id()); // before the run shows ended: a waiter then waits for the completions too
        }
        if (!run.status().isFinal() && mine(run)) {
            own.put(run.id(), run);
            recent.remove(run.id());
        } else {
            recent.put(run.id(), run);
            own.remove(run.id());
        }
        if (ended) {
            try {
                for (RunCompletion completion : completions) {
                    try {
                        completion.stored(run);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "run " + run.id() + ": " + completion.getClass().getSimpleName() + " failed on its end", e);
                    }
                }
            } finally {
                hearing.remove(run.id());
            }
        }
    }

    /**
     * Whether the completions are still hearing of the run's end: a process that waits for a run
     * before it exits (the CLI) waits for this too, or a champion's move or an alert would be cut short.
     */
    boolean completing(String id) {
        return hearing.contains(id);
    }

    // ---------------------------------------------------------------- reads

    public ArtifactStore store() {
        return store;
    }

    /** The project this history's notebook listings are of. */
    public String project() {
        return project;
    }

    /** How many manifests this process keeps in memory. */
    public int size() {
        return own.size() + recent.size();
    }

    /** The runs in memory: this process's in flight and the recent ones. */
    Collection<RunManifest> runs() {
        List<RunManifest> runs = new ArrayList<>(own.values());
        synchronized (recent) {
            runs.addAll(recent.values());
        }
        return runs;
    }

    /** This process's runs in flight. */
    List<RunManifest> following() {
        return List.copyOf(own.values());
    }

    /** Whether the id is taken by a run this process knows (new ids are checked against these). */
    boolean known(String id) {
        return inMemory(id).isPresent();
    }

    /** The run, from memory or else from the store by its id. */
    public Optional<RunManifest> find(String id) {
        Optional<RunManifest> known = inMemory(id);
        if (known.isPresent()) {
            return known;
        }
        try {
            return readOne(id);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not read run " + id + " from the store: " + e.getMessage(), e);
        }
    }

    public RunManifest require(String id) {
        return find(id).orElseThrow(() -> new NotFound("no run '" + id + "'"));
    }

    /** The newest runs (at most {@link #LIST_BOUND}); null filters match everything. */
    public List<RunManifest> list(String notebook, RunStatus status) {
        try {
            return page(notebook, status, null, LIST_BOUND).runs();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not list the runs in the store: " + e.getMessage(), e);
        }
    }

    /**
     * A page of runs, newest first, from the index: one notebook's (of this project) or the store's,
     * after the run {@code before} (null: from the newest). One listing a page, then the manifests not
     * in memory, read side by side. {@code total} counts the listing's runs when there are at most
     * {@value ArtifactStore#MAX_PAGE} (one more listing), and is absent beyond, or with a status.
     */
    public Page page(String given, RunStatus status, String before, int limit) throws IOException {
        ensureIndexed();
        String notebook = given == null || given.isEmpty() ? null : PathNames.canonical(given);
        String prefix = notebook == null ? RunIndex.ALL : RunIndex.notebookPrefix(project, notebook);
        String after = null;
        if (before != null && !before.isEmpty()) {
            if (!RunLayout.isId(before)) {
                throw new BadInput("before must be a run id (the next of the previous page), not '" + before + "'");
            }
            after = RunIndex.after(prefix, before);
        }
        List<RunManifest> runs = new ArrayList<>();
        String last = null;
        boolean more;
        int scanned = 0;
        while (true) {
            KeyPage keys = listing(prefix, Math.min(ArtifactStore.MAX_PAGE, status == null ? limit - runs.size() : limit), after);
            List<RunIndex.Entry> entries = keys.keys().stream().map(RunIndex::parse).flatMap(Optional::stream).toList();
            Map<String, RunManifest> manifests = read(entries);
            int i = 0;
            for (; i < entries.size() && runs.size() < limit; i++) {
                last = entries.get(i).id();
                RunManifest run = manifests.get(last);
                if (run != null && (status == null || status == run.status())) {
                    runs.add(run);
                }
            }
            scanned += i;
            if (runs.size() >= limit || keys.next() == null || scanned >= STATUS_SCAN) {
                more = i < entries.size() || keys.next() != null;
                break;
            }
            after = keys.next();
        }
        Integer total = null;
        if (status == null) {
            KeyPage counted = listing(prefix, ArtifactStore.MAX_PAGE, null);
            total = counted.next() == null ? counted.keys().size() : null;
        }
        return new Page(runs, more ? last : null, total);
    }

    /** A listing of the index, answered again from memory within the rescan period (the runs view polls). */
    private KeyPage listing(String prefix, int size, String after) throws IOException {
        String key = prefix + "\n" + after;
        long now = clock.millis();
        Listing known = listings.get(key);
        if (known != null && now - known.at() < settings.rescan().toMillis()
                && (known.page().keys().size() >= size || known.page().next() == null)) {
            List<String> keys = known.page().keys();
            return keys.size() <= size ? known.page() : new KeyPage(keys.subList(0, size), keys.get(size - 1));
        }
        KeyPage page = store.list(prefix, size, after);
        listings.put(key, new Listing(page, now));
        return page;
    }

    /** One point per succeeded run of a notebook, newest first, with the change against the previous succeeded run. */
    public record MetricPoint(String run, String finishedAt, Map<String, Object> metrics, Map<String, Double> change, String previousRun) {
    }

    /** The metrics of the notebook's newest succeeded runs (at most {@link #LIST_BOUND}). */
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
