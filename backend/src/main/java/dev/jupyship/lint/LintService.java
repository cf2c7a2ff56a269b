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
 * Lint as the sidecar serves it: one {@link Linter}, and the configuration of each folder read
 * once and reread only when its pyproject.toml changes (the panel lints while people type).
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

    LintConfig config(Path file) {
        if (file == null) {
            return LintConfig.defaults();
        }
        Path folder = file.toAbsolutePath().normalize().getParent();
        Path pyproject = folder.resolve("pyproject.toml");
        try {
            FileTime modified = Files.isRegularFile(pyproject) ? Files.getLastModifiedTime(pyproject) : FileTime.fromMillis(0);
            Cached cached = configs.get(folder);
            if (cached != null && cached.modified().equals(modified) && modified.toMillis() != 0) {
                return cached.config();
            }
            LintConfig config = LintConfig.forFile(file, top);
            configs.put(folder, new Cached(modified, config));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
