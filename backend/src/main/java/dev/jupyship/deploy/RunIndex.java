package dev.jupyship.deploy;

import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.KeyPage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs' index in the store: empty entries whose keys name a run whole (id, project, notebook),
 * so a listing finds runs without reading anything, newest first, a page at a time:
 * <pre>
 * index/layout.json                                           the store's runs are all indexed (written once)
 * index/runs/&lt;month&gt;/&lt;inverted id&gt;/&lt;project&gt;/&lt;notebook&gt;         every run of the store
 * index/notebooks/&lt;project&gt;/&lt;notebook&gt;/&lt;month&gt;/&lt;inverted id&gt;    one notebook's runs
 * index/inflight/&lt;machine&gt;/&lt;inverted id&gt;/&lt;project&gt;/&lt;notebook&gt;   runs in flight started on a machine
 * </pre>
 * Object stores list in ascending order only, so ids are inverted (each character mirrored) and
 * months too: the first page of a listing holds the newest runs, and a listing never reads further
 * back than its pages ask. Entries are written after the run's manifest, so a listed run is whole;
 * they hold no state (the manifest does), so they never need rewriting; the in-flight entry goes
 * when the run ends. Public for tools that write or read the layout (bench/StoreBench).
 */
public final class RunIndex {

    static final String ROOT = "index/";
    public static final String MARKER = ROOT + "layout.json";
    static final String ALL = ROOT + "runs/";
    static final String NOTEBOOKS = ROOT + "notebooks/";
    static final String IN_FLIGHT = ROOT + "inflight/";
    private static final String SORTED = "0123456789abcdefghijklmnopqrstuvwxyz";

    /** A run as its index entry names it: enough to find its manifest. */
    public record Entry(String id, String project, String notebook) {
        public String manifest() {
            return RunLayout.prefix(project, notebook, id) + RunLayout.MANIFEST;
        }

        static Entry of(RunManifest run) {
            return new Entry(run.id(), run.project(), run.notebook());
        }
    }

    private RunIndex() {
    }

    /** The id with each character mirrored in its range: later ids sort first. Its own inverse. */
    public static String invert(String id) {
        StringBuilder out = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            int at = SORTED.indexOf(c);
            out.append(at < 0 ? c : i < 16 ? (char) ('9' - c + '0') : SORTED.charAt(SORTED.length() - 1 - at));
        }
        return out.toString();
    }

    /** The inverted month of an id ({@code 202611} as {@code 797388}): later months sort first. */
    static String month(String id) {
        return invert(id).substring(0, 6);
    }

    public static String allKey(Entry run) {
        return ALL + month(run.id()) + "/" + invert(run.id()) + "/" + run.project() + "/" + run.notebook();
    }

    static String notebookPrefix(String project, String notebook) {
        return NOTEBOOKS + project + "/" + notebook + "/";
    }

    public static String notebookKey(Entry run) {
        return notebookPrefix(run.project(), run.notebook()) + month(run.id()) + "/" + invert(run.id());
    }

    static String inFlightPrefix(String machine) {
        return IN_FLIGHT + machine + "/";
    }

    static String inFlightKey(String machine, Entry run) {
        return inFlightPrefix(machine) + invert(run.id()) + "/" + run.project() + "/" + run.notebook();
    }

    /** Where a listing of {@link #ALL} or a notebook's prefix resumes after a run: past every key of that run. */
    static String after(String listing, String id) {
        return listing + month(id) + "/" + invert(id) + "0";
    }

    /** The run an entry of a listing names, or empty for a key that is not one. */
    static Optional<Entry> parse(String key) {
        String[] parts;
        String id;
        if (key.startsWith(ALL)) {
            parts = key.substring(ALL.length()).split("/", 4);
            if (parts.length < 4) {
                return Optional.empty();
            }
            id = invert(parts[1]);
            return checked(id, parts[2], parts[3]);
        }
        if (key.startsWith(IN_FLIGHT)) {
            parts = key.substring(IN_FLIGHT.length()).split("/", 4);
            return parts.length < 4 ? Optional.empty() : checked(invert(parts[1]), parts[2], parts[3]);
        }
        if (key.startsWith(NOTEBOOKS)) {
            String rest = key.substring(NOTEBOOKS.length());
            int project = rest.indexOf('/');
            int last = rest.lastIndexOf('/');
            int month = last < 0 ? -1 : rest.lastIndexOf('/', last - 1);
            if (project < 0 || month <= project) {
                return Optional.empty();
            }
            return checked(invert(rest.substring(last + 1)), rest.substring(0, project), rest.substring(project + 1, month));
        }
        return Optional.empty();
    }

    private static Optional<Entry> checked(String id, String project, String notebook) {
        return RunLayout.isId(id) && !project.isEmpty() && !notebook.isEmpty() ? Optional.of(new Entry(id, project, notebook)) : Optional.empty();
    }

    // ---------------------------------------------------------------- store operations

    /** A run's entries in the time and notebook listings, and, while it is in flight, its machine's. */
    static void add(ArtifactStore store, RunManifest run) throws IOException {
        Entry entry = Entry.of(run);
        store.put(allKey(entry), new byte[0]);
        store.put(notebookKey(entry), new byte[0]);
        String machine = machine(run);
        if (!run.status().isFinal() && machine != null) {
            store.put(inFlightKey(machine, entry), new byte[0]);
        }
    }

    /** The run ended: its machine no longer has it in flight. */
    static void ended(ArtifactStore store, RunManifest run) throws IOException {
        String machine = machine(run);
        if (machine != null) {
            store.delete(inFlightKey(machine, Entry.of(run)));
        }
    }

    /** Every entry of a run, for deleting it: listings first, so a delete cut short leaves no listed run without files. */
    static void remove(ArtifactStore store, RunManifest run) throws IOException {
        Entry entry = Entry.of(run);
        store.delete(allKey(entry));
        store.delete(notebookKey(entry));
        ended(store, run);
    }

    /** The machine whose sidecar recovers the run: where it was started. */
    static String machine(RunManifest run) {
        return run.startedOn() != null ? run.startedOn() : Ownership.machine(run.owner());
    }

    /** A run found by its id alone: its time entry's folder is named by the id. */
    static Optional<Entry> locate(ArtifactStore store, String id) throws IOException {
        if (!RunLayout.isId(id)) {
            return Optional.empty();
        }
        KeyPage page = store.list(ALL + month(id) + "/" + invert(id) + "/", 1, null);
        return page.keys().isEmpty() ? Optional.empty() : parse(page.keys().get(0));
    }

    /** Every entry under a prefix that stays small (one machine's runs in flight). */
    static List<Entry> all(ArtifactStore store, String prefix) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String key : store.list(prefix)) {
            parse(key).ifPresent(entries::add);
        }
        return entries;
    }
}
