package dev.jupyship.review;

import dev.jupyship.workspace.PathNames;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The versions of files in a git repository, read with jgit: any commit-ish ({@code HEAD},
 * {@code main~2}, a sha), the index ({@value #INDEX}) or the working tree ({@value #WORKING_TREE}).
 */
public final class NotebookHistory implements AutoCloseable {

    public static final String WORKING_TREE = "WORKTREE";
    public static final String INDEX = "INDEX";

    private final Repository repository;
    private final Path workTree;

    private NotebookHistory(Repository repository) throws IOException {
        this.repository = repository;
        this.workTree = repository.getWorkTree().toPath().toRealPath();
    }

    /** Opens the repository that contains {@code path}. */
    public static NotebookHistory open(Path path) throws IOException {
        Path start = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(start.toFile());
        if (builder.getGitDir() == null) {
            throw new NoSuchFileException(path.toString(), null, "not inside a git repository");
        }
        return new NotebookHistory(builder.setMustExist(true).build());
    }

    public Path workTree() {
        return workTree;
    }

    public Repository repository() {
        return repository;
    }

    /**
     * The repository path ({@code a/b.ipynb}) of a file in the working tree, in the canonical form of
     * {@link PathNames}: a name holding a backslash or a control character is refused, never turned
     * into folders.
     */
    public String repositoryPath(Path file) throws IOException {
        Path real = file.toAbsolutePath().normalize();
        Path parent = real.getParent().toRealPath();
        Path relative = workTree.relativize(parent.resolve(real.getFileName()));
        if (relative.startsWith("..")) {
            throw new NoSuchFileException(file.toString(), null, "outside the repository at " + workTree);
        }
        return PathNames.join(relative);
    }

    /** The file's bytes at a revision, or null when the file does not exist there; the path must be canonical. */
    public byte[] read(String repositoryPath, String revision) throws IOException {
        PathNames.requireCanonical(repositoryPath);
        if (isWorkingTree(revision)) {
            Path file = workTree.resolve(repositoryPath);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            // A link in the working tree is read only when it leads to a file of the repository.
            Path real = file.toRealPath();
            if (!real.startsWith(workTree.toRealPath())) {
                throw new AccessDeniedException(file.toString(), null, "is a link to a file outside the repository at " + workTree + "; not read");
            }
            return Files.readAllBytes(real);
        }
        if (INDEX.equalsIgnoreCase(revision)) {
            DirCache index = repository.readDirCache();
            DirCacheEntry entry = index.getEntry(repositoryPath);
            return entry == null ? null : repository.open(entry.getObjectId()).getBytes();
        }
        RevCommit commit = commit(revision);
        try (TreeWalk walk = TreeWalk.forPath(repository, repositoryPath, commit.getTree())) {
            return walk == null ? null : repository.open(walk.getObjectId(0)).getBytes();
        }
    }

    /** Resolves a commit-ish, or fails with a message that names it. */
    public RevCommit commit(String revision) throws IOException {
        ObjectId id;
        try {
            id = repository.resolve(revision + "^{commit}");
        } catch (IllegalArgumentException e) { // includes jgit's RevisionSyntaxException
            throw new RevisionNotFoundException("'" + revision + "' is not a valid git revision");
        }
        if (id == null) {
            String hint = repository.resolve("HEAD") == null ? " (the repository has no commits yet)" : "";
            throw new RevisionNotFoundException("unknown git revision '" + revision + "' in " + workTree + hint);
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(id);
        }
    }

    public static boolean isWorkingTree(String revision) {
        return revision == null || revision.isBlank() || WORKING_TREE.equals(revision.toUpperCase(Locale.ROOT));
    }

    /** How a revision is shown to people: the working tree and index by name, commits as given. */
    public static String label(String revision) {
        return isWorkingTree(revision) ? "working tree" : INDEX.equalsIgnoreCase(revision) ? "index" : revision;
    }

    @Override
    public void close() {
        repository.close();
    }
}
