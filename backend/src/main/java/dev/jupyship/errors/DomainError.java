package dev.jupyship.errors;

/**
 * An error of the domain: what went wrong, in words a person can act on, and its kind, from which
 * each edge picks its own answer (an HTTP status, an exit code). Implemented by the five classes of
 * this package and by the few exceptions that must keep another superclass (a notebook that cannot
 * be read, a store that cannot be reached, which is an {@link java.io.IOException}).
 */
public interface DomainError {

    /** What kind of failure: the only thing an edge needs to answer it. */
    enum Kind {
        /** The caller's input (a request, an argument, a configuration file, a notebook) is wrong; fix it and try again. */
        BAD_INPUT,
        /** Not allowed: outside the workspace, no permission, a read-only file system. */
        REFUSED,
        /** Nothing by that name: a file, a run, a rule, a git revision. */
        NOT_FOUND,
        /** The state does not allow it: a run already ended, a file changed since it was read. */
        CONFLICT,
        /** Something the work needs cannot be reached or is not ready; trying again later may work. */
        UNAVAILABLE,
        /** The disk is full (the file system's errors only). */
        DISK_FULL,
        /** Another input/output failure (the file system's errors only). */
        IO_FAILURE
    }

    Kind kind();

    String getMessage();
}
