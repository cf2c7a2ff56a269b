package dev.jupyship.errors;

/**
 * The state does not allow it: a run that already ended, a fix the editor cannot apply. The message says what to do instead.
 */
public class Conflict extends RuntimeException implements DomainError {

    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
        super(message);
    }

    public Conflict(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final Kind kind() {
        return Kind.CONFLICT;
    }
}
