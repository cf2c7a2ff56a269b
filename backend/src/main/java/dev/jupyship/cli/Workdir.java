package dev.jupyship.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder a command line runs in. In a process of its own, the process's folder: paths are
 * taken as typed. Run for the launcher by the sidecar ({@link SidecarCommandLines}), the caller's
 * folder: a relative path is read there, and every path the command prints is printed as it would
 * have been in the caller's own process, byte for byte.
 *
 * <p>How: a relative path is made absolute as {@code <folder>/./<typed>}, whose {@code /./} keeps
 * where the caller's part starts (nothing normalises it away before files are opened, and file
 * access reads it as the same file), and {@link #shown} takes {@code <folder>/./} out of all the
 * command's output. A path that leaves the sidecar's workspace is not run there at all: the
 * launcher runs the command in a process of its own, as if no sidecar were there.
 */
final class Workdir {

    /** The process's own folder: nothing is rewritten. */
    static Workdir ownProcess() {
        return new Workdir(null, null);
    }

    /** The caller's folder, in the sidecar whose workspace is {@code root}. */
    static Workdir caller(Path folder, Path root) {
        return new Workdir(folder.toAbsolutePath().normalize(), root.toAbsolutePath().normalize());
    }

    /** A path the command would read or write outside the sidecar's workspace: the command is handed back. */
    static final class OutsideWorkspace extends RuntimeException {
        OutsideWorkspace(String message) {
            super(message);
        }
    }

    private final Path folder;
    private final Path root;
    private final String marker;
    private volatile String handedBack;

    private Workdir(Path folder, Path root) {
        this.folder = folder;
        this.root = root;
        this.marker = folder == null ? null : (folder.toString().endsWith("/") ? folder.toString() : folder + "/") + "./";
    }

    /** The folder commands mean by "here" ({@code .}). */
    Path here() {
        return folder == null ? Path.of("") : Path.of(marker);
    }

    /** A path as typed on the command line, to open. */
    Path resolve(String typed) {
        if (folder == null) {
            return Path.of(typed);
        }
        Path path = Path.of(typed).isAbsolute() ? Path.of(typed) : Path.of(marker + typed);
        requireInside(path);
        return path;
    }

    /** The command line stops here, unrun: the launcher is to run it itself. */
    int handBack(OutsideWorkspace why) {
        handedBack = why.getMessage();
        return CliErrors.FAILED;
    }

    /** Why the command line was handed back to the launcher, or null when it ran. */
    String handedBack() {
        return handedBack;
    }

    /** The command's output as its own process would print it. */
    String shown(String text) {
        return marker == null ? text : text.replace(marker, "");
    }

    private void requireInside(Path path) {
        Path normal = path.normalize();
        if (!normal.startsWith(root)) {
            throw new OutsideWorkspace(path + " is outside the sidecar's workspace " + root);
        }
        try {
            // Through links too: the nearest part that exists must really be inside.
            Path existing = normal;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null && !existing.toRealPath().startsWith(root.toRealPath())) {
                throw new OutsideWorkspace(path + " leads outside the sidecar's workspace " + root);
            }
        } catch (IOException e) {
            throw new OutsideWorkspace(path + " could not be checked against the sidecar's workspace: " + e.getMessage());
        }
    }
}
