package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Notebooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar's cached configuration: a pyproject.toml in a parent folder applies, and an edit to it is seen at once. */
class LintServiceTest {

    @TempDir
    Path workspace;

    @Test
    void configurationFromAParentFolderIsCachedUntilItChanges() throws Exception {
        Path pyproject = workspace.resolve("pyproject.toml");
        Files.writeString(pyproject, "[tool.jupyship.lint]\nignore = [\"JS104\"]\n");
        Path file = Files.createDirectories(workspace.resolve("team/models")).resolve("nb.ipynb");
        Files.write(file, Notebooks.bytes("code", "", "code", "x = 1"));
        LintService service = new LintService(new Linter(List.of(new dev.jupyship.lint.rules.EmptyCell())), workspace);
        Notebook notebook = Notebook.read(file);
        assertEquals(0, service.lint(notebook, file, "nb.ipynb", false).findings().size());

        Files.writeString(pyproject, "[tool.jupyship.lint]\nignore = []\n");
        Files.setLastModifiedTime(pyproject, FileTime.fromMillis(Files.getLastModifiedTime(pyproject).toMillis() + 2000));
        assertEquals(1, service.lint(notebook, file, "nb.ipynb", false).findings().size());
    }
}
