package dev.jupyship.errors;

/**
 * Something the work needs cannot be reached or is not ready yet (a store, a cluster, a deployer still opening); the same call may work later.
 */
public class Unavailable extends RuntimeException implements DomainError {

    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
        super(message);
    }

    public Unavailable(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final Kind kind() {
        return Kind.UNAVAILABLE;
    }
}
