package dev.jupyship.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.errors.BadInput;
import dev.jupyship.json.TomlTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rules run and how, from the {@code [tool.jupyship.lint]} table of the nearest
 * {@code pyproject.toml} (the keys follow ruff's, which users know):
 * <pre>
 * [tool.jupyship.lint]
 * select = ["JS"]                 # rule ids or prefixes; default: every JS rule
 * ignore = ["JS206"]
 * per-file-ignores = { "experiments/**" = ["JS2"] }
 * severity = { JS104 = "info" }
 * settings = { JS105 = { max-output-kb = 200 } }
 * </pre>
 * Inline {@code # noqa: JS301} silences a line; a cell tag {@code noqa:JS105} (or {@code noqa})
 * silences a cell; see {@link Suppressions}.
 */
public final class LintConfig {

    private static final String DEFAULTS_RESOURCE = "/lint-rules/default-config.toml";
    private static final LintConfig BUILT_IN = new LintConfig(null, List.of("JS"), List.of(), List.of(), Map.of(), RuleSettings.NONE);
    private static volatile LintConfig defaults;

    private record PathIgnore(PathMatcher matcher, String glob, List<String> rules) {
    }

    private final Path directory;
    private final List<String> select;
    private final List<String> ignore;
    private final List<PathIgnore> perFileIgnores;
    private final Map<String, Severity> severities;
    private final RuleSettings settings;

    private LintConfig(Path directory, List<String> select, List<String> ignore, List<PathIgnore> perFileIgnores,
                       Map<String, Severity> severities, RuleSettings settings) {
        this.directory = directory;
        this.select = select;
        this.ignore = ignore;
        this.perFileIgnores = perFileIgnores;
        this.severities = severities;
        this.settings = settings;
    }

    /** lint-rules/default-config.toml as shipped in the jar: what applies where a project configures nothing. */
    public static LintConfig defaults() {
        LintConfig loaded = defaults;
        if (loaded == null) {
            try (var in = LintConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the jar has no " + DEFAULTS_RESOURCE);
                }
                loaded = parse(TomlTrees.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)), null, "jupyship's " + DEFAULTS_RESOURCE, BUILT_IN);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            defaults = loaded;
        }
        return loaded;
    }

    /** The configuration that applies to a notebook: the nearest pyproject.toml with a jupyship table, up to {@code top}. */
    public static LintConfig forFile(Path notebook, Path top) throws IOException {
        return forFile(notebook, top, LintConfig::load);
    }

    /** A pyproject.toml reader: its lint configuration, or null when it has no jupyship table. */
    @FunctionalInterface
    public interface Loader {
        LintConfig load(Path pyproject) throws IOException;
    }

    /** As {@link #forFile(Path, Path)}, reading each pyproject.toml through {@code loader} (which may cache). */
    public static LintConfig forFile(Path notebook, Path top, Loader loader) throws IOException {
        for (Path dir : lookupFolders(notebook, top)) {
            Path candidate = dir.resolve("pyproject.toml");
            if (Files.isRegularFile(candidate)) {
                LintConfig config = loader.load(candidate);
                if (config != null) {
                    return config;
                }
            }
        }
        return defaults();
    }

    /** The folders whose pyproject.toml may configure a notebook, nearest first: up to {@code top} or the repository's root. */
    public static List<Path> lookupFolders(Path notebook, Path top) {
        List<Path> folders = new ArrayList<>();
        Path dir = notebook.toAbsolutePath().normalize().getParent();
        Path stop = top == null ? null : top.toAbsolutePath().normalize();
        while (dir != null) {
            folders.add(dir);
            if (dir.equals(stop) || Files.isDirectory(dir.resolve(".git"))) {
                break;
            }
            dir = dir.getParent();
        }
        return folders;
    }

    /** Reads the lint table of a pyproject.toml; null when it has none. */
    public static LintConfig load(Path pyproject) throws IOException {
        String text = Files.readString(pyproject);
        if (!text.contains("jupyship")) {
            return null; // no table of ours, whatever else the file holds: not parsed, not judged
        }
        JsonNode root;
        try {
            root = TomlTrees.read(text);
        } catch (IOException e) {
            throw new BadInput(pyproject + ": not valid TOML: " + firstLine(e.getMessage()), e);
        }
        if (root.path("tool").path("jupyship").path("lint").isMissingNode()) {
            return null;
        }
        return parse(root, pyproject.getParent(), pyproject.toString(), defaults());
    }

    /** Reads a {@code [tool.jupyship.lint]} table over a base: lists replace the base's, settings override key by key. */
    private static LintConfig parse(JsonNode root, Path directory, String file, LintConfig base) {
        JsonNode table = root.path("tool").path("jupyship").path("lint");
        String where = file + ": [tool.jupyship.lint]";
        List<String> select = strings(table, "select", where, base.select);
        List<String> ignore = strings(table, "ignore", where, base.ignore);
        List<PathIgnore> perFile = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> globs = table.path("per-file-ignores").fields();
        while (globs.hasNext()) {
            Map.Entry<String, JsonNode> entry = globs.next();
            String glob = entry.getKey();
            PathMatcher matcher;
            try {
                matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            } catch (IllegalArgumentException badGlob) {
                throw new BadInput(where + " per-file-ignores: '" + glob + "' is not a glob pattern: " + firstLine(badGlob.getMessage()), badGlob);
            }
            perFile.add(new PathIgnore(matcher, glob,
                    strings(table.path("per-file-ignores"), glob, where + " per-file-ignores", List.of())));
        }
        Map<String, Severity> severities = new LinkedHashMap<>(base.severities);
        table.path("severity").fields().forEachRemaining(entry ->
                severities.put(entry.getKey(), Severity.parse(entry.getValue().asText(), where + " severity." + entry.getKey())));
        Map<String, Map<String, Long>> settings = new HashMap<>();
        base.settings.values().forEach((rule, values) -> settings.put(rule, new HashMap<>(values)));
        table.path("settings").fields().forEachRemaining(rule -> {
            Map<String, Long> values = settings.computeIfAbsent(rule.getKey(), key -> new HashMap<>());
            rule.getValue().fields().forEachRemaining(setting -> {
                if (!setting.getValue().canConvertToLong()) {
                    throw new BadInput(where + " settings." + rule.getKey() + "." + setting.getKey() + ": expected a whole number");
                }
                values.put(setting.getKey(), setting.getValue().asLong());
            });
        });
        return new LintConfig(directory, select, ignore, perFile, severities, new RuleSettings(settings));
    }

    private static List<String> strings(JsonNode table, String key, String where, List<String> fallback) {
        JsonNode node = table.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isArray()) {
            throw new BadInput(where + " " + key + ": expected a list of rule ids, like [\"JS101\", \"JS2\"]");
        }
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Whether a rule runs on a file (path relative to anything; matched relative to the config's folder). */
    public boolean enabled(String ruleId, Path file) {
        if (!matchesAny(ruleId, select) || matchesAny(ruleId, ignore)) {
            return false;
        }
        return file == null || enabledForPath(ruleId, file);
    }

    /**
     * Whether a standard linter's finding is kept: the standard linter chose its rules from its own
     * configuration, so only our {@code ignore} and {@code per-file-ignores} apply to it.
     */
    public boolean enabledStandard(String ruleId, Path file) {
        if (matchesAny(ruleId, ignore)) {
            return false;
        }
        return file == null || enabledForPath(ruleId, file);
    }

    private boolean enabledForPath(String ruleId, Path file) {
        if (directory == null || perFileIgnores.isEmpty()) {
            return true;
        }
        Path absolute = file.toAbsolutePath().normalize();
        Path relative = absolute.startsWith(directory) ? directory.relativize(absolute) : file;
        for (PathIgnore pathIgnore : perFileIgnores) {
            if (pathIgnore.matcher().matches(relative) && matchesAny(ruleId, pathIgnore.rules())) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(String ruleId, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (prefix.equals("ALL") || ruleId.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    public Severity severity(RuleInfo rule) {
        return severity(rule.id(), rule.severity());
    }

    public Severity severity(String ruleId, Severity fallback) {
        return severities.getOrDefault(ruleId, fallback);
    }

    public RuleSettings settings() {
        return settings;
    }
}
