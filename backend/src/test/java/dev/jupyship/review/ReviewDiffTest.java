package dev.jupyship.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.GitRepo;
import dev.jupyship.testing.Notebooks;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review diffs read from real git repositories in temporary folders. */
class ReviewDiffTest {

    @TempDir
    Path folder;

    @Test
    void diffsTheExportBetweenHeadAndTheWorkingTree() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            repo.write("models/train.ipynb", Notebooks.of("markdown", "# Train", "code", "alpha = 0.1\nfit(alpha)"));
            repo.commit("first", "models/train.ipynb");
            repo.write("models/train.ipynb", Notebooks.of("markdown", "# Train", "code", "alpha = 0.5\nfit(alpha)"));
            try (NotebookHistory history = NotebookHistory.open(repo.root())) {
                ReviewDiff diff = ReviewDiff.between(history, "models/train.ipynb", "HEAD", NotebookHistory.WORKING_TREE);
                assertTrue(diff.diff().startsWith("--- a/models/train.py\n+++ b/models/train.py\n@@ "), diff.diff());
                assertTrue(diff.diff().contains("\n-alpha = 0.1\n+alpha = 0.5\n fit(alpha)\n"), diff.diff());
                assertTrue(diff.summary().isEmpty(), diff.summary().toString());
            }
        }
    }

    @Test
    void diffsAnyTwoCommitsAndSummarisesWhatThePyHides() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            String before = Notebooks.of("code", "x = 1", "code", "print(x)");
            repo.write("nb.ipynb", before);
            RevCommit first = repo.commit("first", "nb.ipynb");
            String executed = before
                    .replaceFirst("\"execution_count\": null", "\"execution_count\": 3")
                    .replaceFirst("\"outputs\": \\[\\]", "\"outputs\": [\n    {\n     \"name\": \"stdout\",\n     \"output_type\": \"stream\",\n     \"text\": \"1\\\\n\"\n    }\n   ]")
                    .replace("\"display_name\": \"Python 3\"", "\"display_name\": \"Python 3 (ipykernel)\"");
            repo.write("nb.ipynb", executed);
            RevCommit second = repo.commit("ran it", "nb.ipynb");
            try (NotebookHistory history = NotebookHistory.open(repo.root())) {
                ReviewDiff diff = ReviewDiff.between(history, "nb.ipynb", first.name(), second.name());
                assertEquals(List.of(0), diff.summary().outputsChanged());
                assertEquals(List.of(0), diff.summary().reExecuted());
                assertEquals(List.of("kernelspec"), diff.summary().notebookMetadata());
                assertTrue(diff.toText().contains("Not shown in the .py diff:\n  outputs changed in cell 0\n  re-executed: cell 0\n"), diff.toText());
                // The kernelspec shows in the header of the export, so the code diff is not empty either.
                assertTrue(diff.diff().contains("+#     display_name: Python 3 (ipykernel)"), diff.diff());
                ReviewDiff byRef = ReviewDiff.between(history, "nb.ipynb", "HEAD~1", "main");
                assertEquals(diff.diff(), byRef.diff());
                assertEquals(diff.summary(), byRef.summary());
            }
        }
    }

    @Test
    void movedCellsArePairedByContent() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            repo.write("nb.ipynb", Notebooks.of("code", "a = 1", "code", "b = 2", "code", "c = 3"));
            repo.commit("first", "nb.ipynb");
            repo.write("nb.ipynb", Notebooks.of("code", "inserted()", "code", "a = 1", "code", "b = 2", "code", "c = 3"));
            try (NotebookHistory history = NotebookHistory.open(repo.root())) {
                ReviewDiff diff = ReviewDiff.between(history, "nb.ipynb", "HEAD", NotebookHistory.WORKING_TREE);
                assertTrue(diff.summary().isEmpty(), "an inserted cell must not make the others look changed: " + diff.summary());
                assertTrue(diff.diff().contains("+inserted()"), diff.diff());
            }
        }
    }

    @Test
    void newAndStagedNotebooks() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            repo.write("README.md", "hello");
            repo.commit("first", "README.md");
            repo.write("new.ipynb", Notebooks.of("code", "y = 2"));
            repo.git().add().addFilepattern("new.ipynb").call();
            try (NotebookHistory history = NotebookHistory.open(repo.root())) {
                ReviewDiff diff = ReviewDiff.between(history, "new.ipynb", "HEAD", NotebookHistory.INDEX);
                assertTrue(diff.diff().startsWith("--- /dev/null\n+++ b/new.py\n"), diff.diff());
                assertEquals(List.of("new notebook"), diff.summary().notes());
            }
        }
    }

    @Test
    void unknownRevisionsAndPathsAreNamed() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            repo.write("nb.ipynb", Notebooks.of("code", "x = 1"));
            repo.commit("first", "nb.ipynb");
            try (NotebookHistory history = NotebookHistory.open(repo.root())) {
                RevisionNotFoundException unknown = assertThrows(RevisionNotFoundException.class,
                        () -> ReviewDiff.between(history, "nb.ipynb", "no-such-branch", "HEAD"));
                assertTrue(unknown.getMessage().startsWith("unknown git revision 'no-such-branch' in "), unknown.getMessage());
                assertThrows(RevisionNotFoundException.class, () -> ReviewDiff.between(history, "nb.ipynb", "HEAD~5", "HEAD"));
                NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                        () -> ReviewDiff.between(history, "other.ipynb", "HEAD", NotebookHistory.WORKING_TREE));
                assertEquals("not in HEAD nor in working tree", missing.getReason());
            }
        }
    }

    @Test
    void aBrokenRevisionOfTheNotebookIsNamed() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            repo.write("nb.ipynb", "{\"cells\": [");
            repo.commit("broken", "nb.ipynb");
            repo.write("nb.ipynb", Notebooks.of("code", "x = 1"));
            try (NotebookHistory history = NotebookHistory.open(repo.root())) {
                var error = assertThrows(dev.jupyship.notebook.NotebookFormatException.class,
                        () -> ReviewDiff.between(history, "nb.ipynb", "HEAD", NotebookHistory.WORKING_TREE));
                assertTrue(error.getMessage().startsWith("nb.ipynb (HEAD): invalid JSON at line 1"), error.getMessage());
            }
        }
    }
}
