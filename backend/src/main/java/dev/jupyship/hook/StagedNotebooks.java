package dev.jupyship.hook;

import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Refused;
import dev.jupyship.workspace.PathNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;

/**
 * The notebooks a commit will change: staged content that differs from HEAD, read from the index with jgit.
 * A staged name that {@link PathNames} refuses stops the hook before anything is read or written.
 */
public final class StagedNotebooks {

    /** A staged notebook; {@code blob} is null when it is staged for deletion. */
    public record Staged(String path, ObjectId blob) {
    }

    private StagedNotebooks() {
    }

    public static List<Staged> list(Repository repository, DirCache index) throws IOException {
        List<Staged> staged = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.setRecursive(true);
            ObjectId head = repository.resolve(Constants.HEAD + "^{tree}");
            if (head == null) {
                walk.addTree(new EmptyTreeIterator());
            } else {
                CanonicalTreeParser tree = new CanonicalTreeParser();
                try (var reader = repository.newObjectReader()) {
                    tree.reset(reader, head);
                }
                walk.addTree(tree);
            }
            walk.addTree(new DirCacheIterator(index));
            walk.setFilter(PathSuffixFilter.create(".ipynb"));
            while (walk.next()) {
                refuseHostileName(walk.getPathString());
                ObjectId inHead = walk.getFileMode(0) == FileMode.MISSING ? null : walk.getObjectId(0);
                ObjectId inIndex = walk.getFileMode(1) == FileMode.MISSING ? null : walk.getObjectId(1);
                if (inIndex == null && inHead != null) {
                    staged.add(new Staged(walk.getPathString(), null));
                } else if (inIndex != null && !inIndex.equals(inHead)) {
                    staged.add(new Staged(walk.getPathString(), inIndex));
                }
            }
        }
        return staged;
    }

    /** Git trees may hold names no work tree should: one with a backslash or a control character blocks the commit. */
    private static void refuseHostileName(String path) {
        try {
            PathNames.requireCanonical(path);
        } catch (BadInput | Refused hostile) {
            throw new BadInput("commit blocked, a staged notebook has a name that is refused: " + hostile.getMessage());
        }
    }
}
