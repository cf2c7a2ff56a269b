package dev.jupyship.hook;

import dev.jupyship.lint.LintConfig;
import dev.jupyship.lint.LintResult;
import dev.jupyship.lint.Linter;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.NotebookFormatException;
import dev.jupyship.review.NotebookHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Repository;

/**
 * The hook's lint: the staged content of every staged notebook, with the configuration that applies
 * to it in the working tree. Unreadable notebooks are left to {@link StagedExports}, which names them.
 */
public final class StagedLint {

    private StagedLint() {
    }

    public static List<LintResult> run(NotebookHistory history, Linter linter) throws IOException {
        Repository repository = history.repository();
        DirCache index = repository.readDirCache();
        List<LintResult> results = new ArrayList<>();
        for (StagedNotebooks.Staged staged : StagedNotebooks.list(repository, index)) {
            if (staged.blob() == null) {
                continue;
            }
            Notebook notebook;
            try {
                notebook = Notebook.parse(repository.open(staged.blob()).getBytes(), staged.path());
            } catch (NotebookFormatException unreadable) {
                continue;
            }
            Path file = history.workTree().resolve(staged.path());
            results.add(linter.lint(notebook, file, staged.path(), LintConfig.forFile(file, history.workTree())));
        }
        return results;
    }
}
