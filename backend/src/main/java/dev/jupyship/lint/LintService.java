package dev.jupyship.lint;

import dev.jupyship.notebook.Notebook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lint as the sidecar serves it: one {@link Linter}, and each pyproject.toml read once and reread
 * only when it changes (the panel lints while people type).
 */
public final class LintService {

    private record Cached(FileTime modified, LintConfig config) {
    }

    private final Linter linter;
    private final Linter quick;
    private final Path top;
    private final Map<Path, Cached> configs = new ConcurrentHashMap<>();

    /** @param top the folder above which configuration is not looked for (the workspace) */
    public LintService(Linter linter, Path top) {
        this.linter = linter;
        this.quick = linter.withoutStandardLint();
        this.top = top;
    }

    public Linter linter() {
        return linter;
    }

    /** @param standard run the standard linter (ruff) too */
    public LintResult lint(Notebook notebook, Path file, String name, boolean standard) {
        return (standard ? linter : quick).lint(notebook, file, name, config(file));
    }

    public LintConfig config(Path file) {
        if (file == null) {
            return LintConfig.defaults();
        }
        try {
            return LintConfig.forFile(file, top, this::load);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "Ignore this rule in pyproject.toml" for a notebook; see {@link PyprojectIgnore}. Its next lint reads the new list. */
    public PyprojectIgnore.Added ignoreInPyproject(Path notebook, String rule) throws IOException {
        PyprojectIgnore.Added added = PyprojectIgnore.add(notebook, top, rule);
        configs.remove(added.file());
        return added;
    }

    /** Each pyproject.toml is parsed once, and again only when it changes: the panel lints while people type. */
    private LintConfig load(Path pyproject) throws IOException {
        FileTime modified = Files.getLastModifiedTime(pyproject);
        Cached cached = configs.get(pyproject);
        if (cached != null && cached.modified().equals(modified)) {
            return cached.config();
        }
        LintConfig config = LintConfig.load(pyproject);
        configs.put(pyproject, new Cached(modified, config));
        return config;
    }
}
