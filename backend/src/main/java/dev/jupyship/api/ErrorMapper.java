package dev.jupyship.api;

import dev.jupyship.deploy.store.ArtifactStoreException;
import dev.jupyship.notebook.NotebookFormatException;
import dev.jupyship.review.RevisionNotFoundException;
import dev.jupyship.workspace.Workspace;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns any exception an endpoint throws into a status and a message for people, in one place.
 * Stack traces go to the sidecar's log, never to the user.
 */
public final class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    public record Error(int status, String message) {
    }

    private ErrorMapper() {
    }

    /** Maps an error; {@code workspace} (may be null) shortens file names in messages. */
    public static Error map(Throwable error, Workspace workspace) {
        if (error instanceof UncheckedIOException unchecked) {
            error = unchecked.getCause();
        }
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
        if (error instanceof FileAlreadyExistsException exists) {
            return new Error(409, describe(exists, "already exists", workspace));
        }
        if (error instanceof AccessDeniedException denied) {
            return new Error(403, describe(denied, "permission denied", workspace));
        }
        LOG.log(Level.SEVERE, "internal error", error);
        return new Error(500, "internal error in the jupyship sidecar (" + error.getClass().getSimpleName()
                + "); the sidecar log has the details");
    }

    private static String describe(FileSystemException e, String fallback, Workspace workspace) {
        String file = e.getFile() == null ? "" : workspace == null ? e.getFile() : workspace.display(e.getFile());
        String reason = e.getReason() == null ? fallback : e.getReason();
        return file.isEmpty() ? reason : file + ": " + reason;
    }
}
