package dev.jupyship.cli;

import dev.jupyship.errors.DomainError;
import dev.jupyship.errors.Problem;
import java.util.function.UnaryOperator;

/**
 * How a command reports a failure on a terminal: one line, and an exit code. The domain's errors and
 * the file system's say what went wrong as they are; anything else is a bug, named as an internal
 * error ({@code JUPYSHIP_DEBUG=1} adds the stack trace). The same family the API maps to statuses,
 * mapped here without HTTP.
 */
final class CliErrors {

    /** Something failed, or a problem was found. */
    static final int FAILED = 1;

    private CliErrors() {
    }

    /** The one-line message for a terminal. */
    static String describe(Throwable error) {
        Throwable cause = Problem.unwrap(error);
        return Problem.of(cause, UnaryOperator.identity()).map(Problem::message).orElseGet(() -> {
            String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
            return "internal error (" + cause.getClass().getSimpleName() + message + "); JUPYSHIP_DEBUG=1 shows the stack trace";
        });
    }

    /**
     * The exit code of a command that failed with this error. Every kind is a failure (1), as the
     * README promises: a command that reaches its work has been used rightly, even when its input
     * turns out wrong; 2 is kept for what picocli refuses before the work starts.
     */
    static int exitCode(Throwable error) {
        return Problem.of(error, UnaryOperator.identity()).map(Problem::kind).map(CliErrors::exitCode).orElse(FAILED);
    }

    private static int exitCode(DomainError.Kind kind) {
        return switch (kind) {
            case BAD_INPUT, REFUSED, NOT_FOUND, CONFLICT, UNAVAILABLE, DISK_FULL, IO_FAILURE -> FAILED;
        };
    }
}
