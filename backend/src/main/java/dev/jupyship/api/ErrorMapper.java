package dev.jupyship.api;

import dev.jupyship.deploy.store.ArtifactStoreException;
import dev.jupyship.notebook.FileChangedException;
import dev.jupyship.notebook.NotebookFormatException;
import dev.jupyship.review.RevisionNotFoundException;
import dev.jupyship.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns any exception an endpoint or command throws into a status and a message for people, in one
 * place. Stack traces go to the sidecar's log, never to the user. File-system failures: 404 no such
 * file, 409 a file that exists or changed since it was read, 403 permission denied or a read-only
 * file system (the request is refused, like any write jupyship may not do), 507 a full disk, 503 an
 * unavailable run store.
 */
public final class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    public record Error(int status, String message) {
    }

    private ErrorMapper() {
    }

    /** Maps an error; {@code workspace} (may be null) shortens file names in messages. */
    public static Error map(Throwable error, Workspace workspace) {
        Error known = known(unwrap(error), workspace);
        if (known != null) {
            if (known.status() >= 500 && known.status() != 503 && known.status() != 507) {
                LOG.log(Level.SEVERE, "internal error", error);
            }
            return known;
        }
        LOG.log(Level.SEVERE, "internal error", error);
        return new Error(500, "internal error in the jupyship sidecar (" + error.getClass().getSimpleName()
                + "); the sidecar log has the details");
    }

    /** The one-line message for a terminal: as {@link #map}, but an unknown error is named, not logged. */
    public static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        Error known = known(cause, null);
        if (known != null) {
            return known.message();
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
        return "internal error (" + cause.getClass().getSimpleName() + message + "); JUPYSHIP_DEBUG=1 shows the stack trace";
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof UncheckedIOException unchecked ? unchecked.getCause() : error;
    }

    private static Error known(Throwable error, Workspace workspace) {
        if (error instanceof ApiException api) {
            return new Error(api.status(), api.getMessage());
        }
        if (error instanceof NotebookFormatException || error instanceof IllegalArgumentException) {
            return new Error(400, error.getMessage());
        }
        if (error instanceof ArtifactStoreException store) {
            return new Error(503, store.getMessage());
        }
        if (error instanceof RevisionNotFoundException) {
            return new Error(404, error.getMessage());
        }
        if (error instanceof NoSuchFileException missing) {
            return new Error(404, describe(missing, "no such file", workspace));
        }
        if (error instanceof FileAlreadyExistsException || error instanceof FileChangedException) {
            return new Error(409, describe((FileSystemException) error, "already exists", workspace));
        }
        if (error instanceof AccessDeniedException denied) {
            return new Error(403, describe(denied, "permission denied", workspace));
        }
        if (error instanceof IOException io) {
            String reason = io instanceof FileSystemException fs ? fs.getReason() : io.getMessage();
            String message = io instanceof FileSystemException fs ? describe(fs, "input/output error", workspace)
                    : reason == null ? "input/output error" : reason;
            if (reason != null && (reason.contains("No space left on device") || reason.contains("Disk quota exceeded"))) {
                return new Error(507, message + " (the disk is full)");
            }
            if (reason != null && reason.contains("Read-only file system")) {
                return new Error(403, message);
            }
            return new Error(500, message);
        }
        return null;
    }

    private static String describe(FileSystemException e, String fallback, Workspace workspace) {
        String file = e.getFile() == null ? "" : workspace == null ? e.getFile() : workspace.display(e.getFile());
        String reason = e.getReason() == null ? fallback : e.getReason();
        return file.isEmpty() ? reason : file + ": " + reason;
    }
}
