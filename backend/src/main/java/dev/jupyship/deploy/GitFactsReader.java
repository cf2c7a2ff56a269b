package dev.jupyship.deploy;

import dev.jupyship.errors.BadInput;
import dev.jupyship.review.NotebookHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/** Reads a notebook's snapshot and git facts with jgit. */
final class GitFactsReader {

    record Snapshot(byte[] bytes, GitFacts git) {
    }

    private GitFactsReader() {
    }

    /** The notebook at {@code ref} (null: the working tree) and what git says; outside git, the file as is. */
    static Snapshot read(Path file, String ref) throws IOException {
        NotebookHistory history;
        try {
            history = NotebookHistory.open(file);
        } catch (java.nio.file.NoSuchFileException notInGit) {
            if (!NotebookHistory.isWorkingTree(ref)) {
                throw new BadInput("cannot deploy " + file.getFileName() + " at '" + ref + "': it is not in a git repository");
            }
            return new Snapshot(java.nio.file.Files.readAllBytes(file), GitFacts.NONE);
        }
        try (history) {
            Repository repo = history.repository();
            String path = history.repositoryPath(file);
            String origin = repo.getConfig().getString("remote", "origin", "url");
            String name = origin != null ? withoutCredentials(origin) : history.workTree().getFileName().toString();
            String branch = repo.getFullBranch() != null && repo.getFullBranch().startsWith("refs/heads/") ? repo.getBranch() : null;
            ObjectId head = repo.resolve("HEAD");
            if (NotebookHistory.isWorkingTree(ref)) {
                byte[] bytes = history.read(path, NotebookHistory.WORKING_TREE);
                if (bytes == null) {
                    throw new java.nio.file.NoSuchFileException(file.toString());
                }
                if (head == null) {
                    return new Snapshot(bytes, new GitFacts(name, null, branch, true, null));
                }
                RevCommit commit = history.commit("HEAD");
                byte[] committed = history.read(path, "HEAD");
                return new Snapshot(bytes, new GitFacts(name, commit.name(), branch, !Arrays.equals(bytes, committed), author(commit)));
            }
            RevCommit commit = history.commit(ref);
            byte[] bytes = history.read(path, commit.name());
            if (bytes == null) {
                throw new java.nio.file.NoSuchFileException(path, null, "not in " + ref);
            }
            return new Snapshot(bytes, new GitFacts(name, commit.name(), branch, false, author(commit)));
        }
    }

    /**
     * The remote's address without what must not reach a manifest: a token or password in an
     * http(s) URL ({@code https://TOKEN@host/...}, {@code https://user:pass@host/...}); an ssh user stays.
     */
    static String withoutCredentials(String url) {
        try {
            org.eclipse.jgit.transport.URIish uri = new org.eclipse.jgit.transport.URIish(url);
            boolean web = uri.getScheme() != null && uri.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("http");
            return (web ? uri.setUser(null) : uri).setPass(null).toString();
        } catch (java.net.URISyntaxException notAUrl) {
            return url.replaceAll("//[^/@]*@", "//");
        }
    }

    private static String author(RevCommit commit) {
        return commit.getAuthorIdent().getName() + " <" + commit.getAuthorIdent().getEmailAddress() + ">";
    }
}
