package dev.jupyship.workspace;

import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Refused;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The folder the sidecar serves, and the only one it reads or writes. Every path a request names
 * goes through {@link #resolve}, which refuses anything that leads outside the root, through
 * {@code ..}, an absolute path or a symbolic link, and any name {@link PathNames} refuses.
 */
public final class Workspace {

    private final Path root;

    public Workspace(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("the workspace folder " + root + " does not exist", e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new BadInput("the workspace " + root + " is not a folder");
        }
    }

    public Path root() {
        return root;
    }

    /**
     * Resolves a path given relative to the root (or absolute inside it) to its one canonical form, the
     * real path (symbolic links followed) of a file under the root, after {@link PathNames#check}: what
     * every route that takes a path uses before anything reads it. A name that does not exist yet is
     * kept as given under the real path of its nearest existing folder.
     */
    public Path resolve(String path) {
        if (path == null || path.isBlank()) {
            throw new BadInput("missing 'path': give a path relative to the workspace");
        }
        PathNames.check(path);
        Path resolved;
        try {
            resolved = root.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw new BadInput("'" + PathNames.printable(path) + "' is not a valid path: " + e.getReason());
        }
        if (!resolved.startsWith(root)) {
            throw outside(path);
        }
        // Symbolic links may point out of the root: check the real path of the nearest existing ancestor.
        Path existing = resolved;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing == null ? null : existing.toRealPath();
        } catch (NoSuchFileException danglingLink) {
            real = null; // a link to nothing: where it would lead cannot be checked, so it is refused
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (real == null || !real.startsWith(root)) {
            throw outside(path);
        }
        return real.resolve(existing.relativize(resolved));
    }

    /** A file under the root as a workspace path in canonical form ({@code a/b.ipynb}). */
    public String relative(Path file) {
        return PathNames.join(root.relativize(file));
    }

    /** A file name as people see it in messages: relative to the root when it is under it, else as given. */
    public String display(String file) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            return file;
        }
        return path.isAbsolute() && path.normalize().startsWith(root) ? root.relativize(path.normalize()).toString() : file;
    }

    private static Refused outside(String path) {
        return new Refused("'" + PathNames.printable(path) + "' is outside the workspace; only files under the workspace folder can be used");
    }
}
