package dev.jupyship.errors;

/**
 * Not allowed, whatever the input's form: a path that leads out of the workspace.
 */
public class Refused extends RuntimeException implements DomainError {

    private static final long serialVersionUID = 1L;

    public Refused(String message) {
        super(message);
    }

    public Refused(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final Kind kind() {
        return Kind.REFUSED;
    }
}
