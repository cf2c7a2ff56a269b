package dev.jupyship.deploy;

/**
 * What git says about the notebook a run was made from; every field null outside a repository.
 *
 * @param repository the repository's folder name (or its origin URL when it has one)
 * @param commit     the commit deployed, or HEAD for a working-tree deploy
 * @param branch     the current branch, or null when detached
 * @param dirty      a working-tree deploy whose notebook differs from HEAD's
 * @param author     the author of {@code commit}
 */
public record GitFacts(String repository, String commit, String branch, boolean dirty, String author) {

    public static final GitFacts NONE = new GitFacts(null, null, null, false, null);
}
