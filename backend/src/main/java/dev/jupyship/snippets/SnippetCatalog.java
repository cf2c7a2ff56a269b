package dev.jupyship.snippets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The snippets served: the platform's folder, then optional team or user folders whose snippets
 * override the platform's by id. Every file is validated at load (front matter, code blocks, Python
 * syntax through the given {@link PythonSyntaxCheck}, duplicate ids, {@code requires} naming known
 * snippets without cycles); a file with a problem is left out and its problem reported with file
 * and line, and everything else is served.
 *
 * <p>Reloading polls the files' modification times and sizes, at most once per poll interval, when
 * the catalog is used. Polling, rather than a WatchService, also sees changes on the volumes team
 * folders live on (network and FUSE mounts, Kubernetes ConfigMaps swapped through symbolic links),
 * where inotify misses events, needs no thread, and costs one stat per file per interval.
 */
public final class SnippetCatalog {

    private static final Logger LOG = Logger.getLogger(SnippetCatalog.class.getName());
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    /** A snippet folder and the label its snippets carry ({@code platform}, {@code team}). */
    public record Folder(Path path, String label) {
    }

    /** One consistent state of the catalog: what is served, what is not and why, and its search index. */
    public record Snapshot(Map<String, Snippet> snippets, List<SnippetProblem> problems, SnippetSearch search) {

        public Snippet find(String id) {
            return snippets.get(id);
        }

        public Collection<Snippet> all() {
            return snippets.values();
        }

        /** The problem of the file an id would be in ({@code <id>.md}), when it has one: why that snippet is missing. */
        public java.util.Optional<SnippetProblem> problemOf(String id) {
            return problems.stream().filter(p -> p.file().endsWith("/" + id + ".md") || p.file().equals(id + ".md")).findFirst();
        }
    }

    private final List<Folder> folders;
    private final PythonSyntaxCheck syntax;
    private final long pollNanos;
    private volatile Snapshot snapshot;
    private volatile Map<Path, String> fingerprint = Map.of();
    private volatile long lastPoll;

    public SnippetCatalog(List<Folder> folders, PythonSyntaxCheck syntax, Duration pollInterval) {
        this.folders = List.copyOf(folders);
        this.syntax = syntax;
        this.pollNanos = pollInterval.toNanos();
        reload();
    }

    /** The platform folder, and a team folder when not null. */
    public static SnippetCatalog of(Path platform, Path team, PythonSyntaxCheck syntax) {
        List<Folder> folders = new ArrayList<>();
        folders.add(new Folder(platform, "platform"));
        if (team != null) {
            folders.add(new Folder(team, "team"));
        }
        return new SnippetCatalog(folders, syntax, DEFAULT_POLL_INTERVAL);
    }

    /** A catalog with no folders: what a sidecar serves when it was given none. */
    public static SnippetCatalog empty() {
        return new SnippetCatalog(List.of(), PythonSyntaxCheck.NONE, DEFAULT_POLL_INTERVAL);
    }

    public List<Folder> folders() {
        return folders;
    }

    /** The current snapshot, reloaded first when the poll interval has passed and a file changed. */
    public Snapshot current() {
        if (System.nanoTime() - lastPoll >= pollNanos) {
            refresh();
        }
        return snapshot;
    }

    /** Reloads now if any file was added, removed or changed; true when it reloaded. */
    public synchronized boolean refresh() {
        lastPoll = System.nanoTime();
        if (scan().equals(fingerprint)) {
            return false;
        }
        reload();
        return true;
    }

    private synchronized void reload() {
        lastPoll = System.nanoTime();
        fingerprint = scan();
        List<SnippetProblem> problems = new ArrayList<>();
        Map<String, Snippet> byId = new LinkedHashMap<>();
        for (Folder folder : folders) {
            Map<String, Snippet> inFolder = new HashMap<>();
            for (Path file : files(folder, problems)) {
                String display = display(folder, file);
                SnippetParser.Result result = SnippetParser.parse(file, display, folder.label());
                problems.addAll(result.problems());
                if (!result.ok()) {
                    continue;
                }
                Snippet snippet = result.snippet();
                Snippet earlier = inFolder.putIfAbsent(snippet.id(), snippet);
                if (earlier != null) {
                    problems.add(new SnippetProblem(display, snippet.line("id"), "duplicate id '" + snippet.id()
                            + "': " + earlier.file() + " already has it"));
                    continue;
                }
                byId.put(snippet.id(), snippet); // a later folder overrides an earlier one by id
            }
        }
        checkSyntax(byId, problems);
        checkRequires(byId, problems);
        Map<String, Snippet> sorted = new TreeMap<>(byId);
        problems.sort((a, b) -> a.file().equals(b.file()) ? Integer.compare(a.line(), b.line()) : a.file().compareTo(b.file()));
        snapshot = new Snapshot(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted)), List.copyOf(problems),
                new SnippetSearch(sorted.values()));
        if (!problems.isEmpty()) {
            LOG.warning(() -> problems.size() + " snippet problem(s); first: " + problems.get(0));
        }
    }

    private void checkSyntax(Map<String, Snippet> byId, List<SnippetProblem> problems) {
        List<PythonSyntaxCheck.Source> sources = new ArrayList<>();
        Map<String, SnippetCell> cells = new HashMap<>();
        Map<String, Snippet> owners = new HashMap<>();
        for (Snippet snippet : byId.values()) {
            for (SnippetCell cell : snippet.cells()) {
                if (cell.isPython()) {
                    String key = snippet.id() + ":" + cell.line();
                    sources.add(new PythonSyntaxCheck.Source(key, cell.source()));
                    cells.put(key, cell);
                    owners.put(key, snippet);
                }
            }
        }
        List<PythonSyntaxCheck.SyntaxError> errors;
        try {
            errors = syntax.check(sources);
        } catch (Exception e) {
            // The snippets are still served, but the problem shows (and fails the gate).
            problems.add(new SnippetProblem("python", 0, "the Python syntax check could not run: " + e.getMessage()));
            return;
        }
        for (PythonSyntaxCheck.SyntaxError error : errors) {
            Snippet snippet = owners.get(error.key());
            SnippetCell cell = cells.get(error.key());
            if (snippet == null) {
                continue;
            }
            problems.add(new SnippetProblem(snippet.file(), cell.line() + error.line() - 1, "invalid Python: " + error.message()));
            byId.remove(snippet.id());
        }
    }

    /** Unknown ids, cycles, and snippets requiring one that is not served are left out too. */
    private static void checkRequires(Map<String, Snippet> byId, List<SnippetProblem> problems) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Snippet snippet : List.copyOf(byId.values())) {
                for (String required : snippet.requires()) {
                    String reason = required.equals(snippet.id()) ? "requires itself"
                            : !byId.containsKey(required) ? "requires '" + required + "', which is not in the catalog or has problems"
                            : null;
                    if (reason != null) {
                        problems.add(new SnippetProblem(snippet.file(), requiresLine(snippet), reason));
                        byId.remove(snippet.id());
                        changed = true;
                        break;
                    }
                }
            }
        }
        Set<String> inCycles = new HashSet<>();
        for (Snippet snippet : byId.values()) {
            List<String> cycle = cycleFrom(snippet.id(), byId);
            if (cycle != null) {
                problems.add(new SnippetProblem(snippet.file(), requiresLine(snippet), "requires form a cycle: " + String.join(" -> ", cycle)));
                inCycles.add(snippet.id());
            }
        }
        byId.keySet().removeAll(inCycles);
    }

    private static List<String> cycleFrom(String start, Map<String, Snippet> byId) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.push(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.pop();
            Snippet last = byId.get(path.get(path.size() - 1));
            for (String next : last == null ? List.<String>of() : last.requires()) {
                List<String> longer = new ArrayList<>(path);
                longer.add(next);
                if (next.equals(start)) {
                    return longer;
                }
                if (seen.add(next)) {
                    paths.push(longer);
                }
            }
        }
        return null;
    }

    /** The snippet and everything it requires, required ones first, each once. */
    public static List<Snippet> withRequirements(Snippet snippet, Snapshot snapshot) {
        List<Snippet> order = new ArrayList<>();
        visit(snippet, snapshot, order, new HashSet<>());
        return order;
    }

    private static void visit(Snippet snippet, Snapshot snapshot, List<Snippet> order, Set<String> seen) {
        if (!seen.add(snippet.id())) {
            return;
        }
        for (String required : snippet.requires()) {
            Snippet other = snapshot.find(required);
            if (other != null) {
                visit(other, snapshot, order, seen);
            }
        }
        order.add(snippet);
    }

    private static int requiresLine(Snippet snippet) {
        return snippet.line("requires");
    }

    private List<Path> files(Folder folder, List<SnippetProblem> problems) {
        if (!Files.isDirectory(folder.path())) {
            problems.add(new SnippetProblem(folder.path().toString(), 0, "the " + folder.label() + " snippet folder does not exist"));
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder.path(), 8)) {
            return walk.filter(SnippetCatalog::isSnippetFile).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(new SnippetProblem(folder.path().toString(), 0, "cannot be listed: " + e.getMessage()));
            return List.of();
        }
    }

    static boolean isSnippetFile(Path path) {
        String name = path.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".md") && !name.equalsIgnoreCase("README.md") && !name.startsWith(".")
                && Files.isRegularFile(path);
    }

    private static String display(Folder folder, Path file) {
        Path name = folder.path().toAbsolutePath().normalize().getFileName();
        String relative = folder.path().relativize(file).toString().replace('\\', '/');
        return name == null ? relative : name + "/" + relative;
    }

    /** Paths with modification time and size: what a reload is decided on. */
    private Map<Path, String> scan() {
        Map<Path, String> seen = new HashMap<>();
        for (Folder folder : folders) {
            if (!Files.isDirectory(folder.path())) {
                seen.put(folder.path(), "missing");
                continue;
            }
            try (Stream<Path> walk = Files.walk(folder.path(), 8)) {
                walk.filter(SnippetCatalog::isSnippetFile).forEach(file -> {
                    try {
                        seen.put(file, Files.getLastModifiedTime(file).toInstant() + "/" + Files.size(file));
                    } catch (IOException e) {
                        seen.put(file, "unreadable");
                    }
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                seen.put(folder.path(), "unlistable");
            }
        }
        return seen;
    }
}
