package dev.jupyship.review;

import dev.jupyship.errors.NotFound;

/** A revision (commit, branch, tag, expression) that the repository does not have. */
public class RevisionNotFoundException extends NotFound {

    public RevisionNotFoundException(String message) {
        super(message);
    }
}
