package dev.jupyship.workspace;

import dev.jupyship.api.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The folder the sidecar serves, and the only one it reads or writes. Every path a request names
 * goes through {@link #resolve}, which refuses anything that leads outside the root, through
 * {@code ..}, an absolute path or a symbolic link.
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
            throw new IllegalArgumentException("the workspace " + root + " is not a folder");
        }
    }

    public Path root() {
        return root;
    }

    /** Resolves a path given relative to the root (or absolute inside it) and checks it stays inside. */
    public Path resolve(String path) {
        if (path == null || path.isBlank()) {
            throw new ApiException(400, "missing 'path': give a path relative to the workspace");
        }
        Path resolved;
        try {
            resolved = root.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw new ApiException(400, "'" + path + "' is not a valid path: " + e.getReason());
        }
        if (!resolved.startsWith(root)) {
            throw outside(path);
        }
        // Symbolic links may point out of the root: check the real path of the nearest existing ancestor.
        Path existing = resolved;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null || !existing.toRealPath().startsWith(root)) {
                throw outside(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resolved;
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

    private static ApiException outside(String path) {
        return new ApiException(403, "'" + path + "' is outside the workspace; only files under the workspace folder can be used");
    }
}
