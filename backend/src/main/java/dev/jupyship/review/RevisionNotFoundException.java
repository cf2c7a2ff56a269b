package dev.jupyship.review;

/** A revision (commit, branch, tag, expression) that the repository does not have. */
public class RevisionNotFoundException extends RuntimeException {

    public RevisionNotFoundException(String message) {
        super(message);
    }
}
