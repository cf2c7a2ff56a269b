package dev.jupyship.errors;

/**
 * Nothing by that name: a notebook, a run, a rule, a snippet, a git revision. The message names what was looked for.
 */
public class NotFound extends RuntimeException implements DomainError {

    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
        super(message);
    }

    public NotFound(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final Kind kind() {
        return Kind.NOT_FOUND;
    }
}
