package dev.jupyship.notebook;

import dev.jupyship.errors.DomainError;

/**
 * A file that is not a notebook we can read. The message names the file and, where it can, the
 * place (line and column for JSON errors, the cell for model errors) and what to do about it.
 */
public class NotebookFormatException extends RuntimeException implements DomainError {

    public NotebookFormatException(String message) {
        super(message);
    }

    public NotebookFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.BAD_INPUT;
    }
}
