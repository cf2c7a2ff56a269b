package dev.jupyship.errors;

/**
 * The caller's input is wrong: a request, an argument, a configuration file. It is an {@link IllegalArgumentException}, so code that expects one for a bad argument keeps working; but only this one is the caller's fault: a plain {@code IllegalArgumentException} is a bug, answered as an internal error.
 */
public class BadInput extends IllegalArgumentException implements DomainError {

    private static final long serialVersionUID = 1L;

    public BadInput(String message) {
        super(message);
    }

    public BadInput(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final Kind kind() {
        return Kind.BAD_INPUT;
    }
}
