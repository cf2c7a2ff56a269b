package dev.jupyship.api;

import dev.jupyship.errors.DomainError;
import dev.jupyship.errors.Problem;
import dev.jupyship.workspace.Workspace;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns any exception an endpoint throws into a status and a message for people, in one place: the
 * API's own {@link ApiException}s keep theirs, the domain's errors ({@link DomainError}, and the file
 * system's, through {@link Problem}) get the status of their kind, and anything else is a bug: a
 * 500, its stack trace in the sidecar's log, never the user's. File-system failures: 404 no such
 * file, 409 a file that exists or changed since it was read, 403 permission denied or a read-only
 * file system (the request is refused, like any write jupyship may not do), 507 a full disk.
 */
public final class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    public record Error(int status, String message) {
    }

    private ErrorMapper() {
    }

    /** Maps an error; {@code workspace} (may be null) shortens file names in messages. */
    public static Error map(Throwable error, Workspace workspace) {
        Error known = known(error, workspace);
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

    /** The status that answers a kind of domain error. */
    public static int status(DomainError.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> 400;
            case REFUSED -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
            case DISK_FULL -> 507;
            case IO_FAILURE -> 500;
        };
    }

    private static Error known(Throwable error, Workspace workspace) {
        if (Problem.unwrap(error) instanceof ApiException api) {
            return new Error(api.status(), api.getMessage());
        }
        UnaryOperator<String> fileNames = workspace == null ? UnaryOperator.identity() : workspace::display;
        Optional<Problem> problem = Problem.of(error, fileNames);
        return problem.map(p -> new Error(status(p.kind()), p.message())).orElse(null);
    }
}
