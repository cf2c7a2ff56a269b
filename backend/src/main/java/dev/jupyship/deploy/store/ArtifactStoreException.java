package dev.jupyship.deploy.store;

import dev.jupyship.errors.DomainError;
import java.io.IOException;

/**
 * A store failed in a way a person can act on: its bucket is missing, the credentials are refused or
 * lack a permission, or it cannot be reached. The message says which, and where; the API answers it
 * as 503 and the CLI prints it as is, without the cloud client's stack trace.
 */
public final class ArtifactStoreException extends IOException implements DomainError {

    private static final long serialVersionUID = 1L;

    public ArtifactStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.UNAVAILABLE;
    }
}
