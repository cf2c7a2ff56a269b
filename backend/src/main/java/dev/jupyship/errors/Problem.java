package dev.jupyship.errors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What is known of a failure, for the edges that answer it: its kind and a one-line message. Known
 * are the {@link DomainError}s and the file system's errors (no such file, exists or changed since
 * read, permission denied, read-only, a full disk); anything else is a bug, with no problem here.
 */
public record Problem(DomainError.Kind kind, String message) {

    /**
     * The problem an error states, if it is a known one; {@code fileNames} shows a file's name as
     * people should see it (relative to the workspace, say).
     */
    public static Optional<Problem> of(Throwable error, UnaryOperator<String> fileNames) {
        Throwable cause = unwrap(error);
        if (cause instanceof DomainError domain) {
            String message = cause instanceof FileSystemException fs ? describe(fs, fs.getReason(), fileNames) : domain.getMessage();
            return Optional.of(new Problem(domain.kind(), message));
        }
        if (cause instanceof NoSuchFileException missing) {
            return Optional.of(new Problem(DomainError.Kind.NOT_FOUND, describe(missing, "no such file", fileNames)));
        }
        if (cause instanceof FileAlreadyExistsException exists) {
            return Optional.of(new Problem(DomainError.Kind.CONFLICT, describe(exists, "already exists", fileNames)));
        }
        if (cause instanceof AccessDeniedException denied) {
            return Optional.of(new Problem(DomainError.Kind.REFUSED, describe(denied, "permission denied", fileNames)));
        }
        if (cause instanceof IOException io) {
            String reason = io instanceof FileSystemException fs ? fs.getReason() : io.getMessage();
            String message = io instanceof FileSystemException fs ? describe(fs, "input/output error", fileNames)
                    : reason == null ? "input/output error" : reason;
            if (reason != null && (reason.contains("No space left on device") || reason.contains("Disk quota exceeded"))) {
                return Optional.of(new Problem(DomainError.Kind.DISK_FULL, message + " (the disk is full)"));
            }
            if (reason != null && reason.contains("Read-only file system")) {
                return Optional.of(new Problem(DomainError.Kind.REFUSED, message));
            }
            return Optional.of(new Problem(DomainError.Kind.IO_FAILURE, message));
        }
        return Optional.empty();
    }

    /** The error itself, out of the unchecked wrapper that carries an {@link IOException} through a lambda. */
    public static Throwable unwrap(Throwable error) {
        return error instanceof UncheckedIOException unchecked ? unchecked.getCause() : error;
    }

    private static String describe(FileSystemException e, String fallback, UnaryOperator<String> fileNames) {
        String file = e.getFile() == null ? "" : fileNames.apply(e.getFile());
        String reason = e.getReason() == null ? fallback : e.getReason();
        return file.isEmpty() ? reason : file + ": " + reason;
    }
}
