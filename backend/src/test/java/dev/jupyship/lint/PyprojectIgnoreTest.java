package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyprojectIgnoreTest {

    @TempDir
    Path workspace;

    private String added(String pyproject, String rule) throws Exception {
        Files.writeString(workspace.resolve("pyproject.toml"), pyproject);
        PyprojectIgnore.add(workspace.resolve("nb.ipynb"), workspace, rule);
        return Files.readString(workspace.resolve("pyproject.toml"));
    }

    @Test
    void theRuleJoinsAnExistingListKeepingEverythingElseAsWritten() throws Exception {
        assertEquals("""
                [project]
                name = "churn"  # the team's model

                [tool.jupyship.lint]   # platform rules
                select = ["JS"]
                ignore = ["JS206", "F401"]
                severity = { JS104 = "info" }

                [tool.ruff]
                line-length = 100
                """, added("""
                [project]
                name = "churn"  # the team's model

                [tool.jupyship.lint]   # platform rules
                select = ["JS"]
                ignore = ["JS206"]
                severity = { JS104 = "info" }

                [tool.ruff]
                line-length = 100
                """, "F401"));
        assertEquals("[tool.jupyship.lint]\nignore = [\"JS1\", \"F401\"]\n", added("[tool.jupyship.lint]\nignore = [\"JS1\",]\n", "F401"));
        assertEquals("[tool.jupyship.lint]\nignore = [\"F401\"]\n", added("[tool.jupyship.lint]\nignore = []\n", "F401"));
    }

    @Test
    void aListOverSeveralLinesGetsTheRuleOnALineOfItsOwn() throws Exception {
        assertEquals("""
                [tool.jupyship.lint]
                ignore = [
                    "JS206",  # the team writes to /tmp on purpose
                    "E501",
                    "F401",
                ]
                """, added("""
                [tool.jupyship.lint]
                ignore = [
                    "JS206",  # the team writes to /tmp on purpose
                    "E501",
                ]
                """, "F401"));
        assertEquals("""
                [tool.jupyship.lint]
                ignore = [
                  "JS206",
                  "F401"
                ]  # ] in a comment
                """, added("""
                [tool.jupyship.lint]
                ignore = [
                  "JS206"
                ]  # ] in a comment
                """, "F401"));
        // A comment on the last item's line stays with that item.
        assertEquals("[tool.jupyship.lint]\r\nignore = [\r\n    \"JS206\",  # scratch files\r\n    \"F401\",\r\n]\r\n",
                added("[tool.jupyship.lint]\r\nignore = [\r\n    \"JS206\",  # scratch files\r\n]\r\n", "F401"));
        assertEquals("[tool.jupyship.lint]\nignore = [\n  \"JS206\",  # scratch files\n  \"F401\"\n]\n",
                added("[tool.jupyship.lint]\nignore = [\n  \"JS206\"  # scratch files\n]\n", "F401"));
        assertEquals("[tool.jupyship.lint]\nignore = [\n  \"JS206\", \"F401\"]\n", added("[tool.jupyship.lint]\nignore = [\n  \"JS206\"]\n", "F401"));
    }

    @Test
    void aTableWithoutIgnoreGetsTheKeyAndAFileWithoutTheTableGetsTheTable() throws Exception {
        assertEquals("[tool.jupyship.lint]\r\nignore = [\"F401\"]\r\nselect = [\"JS\", \"F\"]\r\n",
                added("[tool.jupyship.lint]\r\nselect = [\"JS\", \"F\"]\r\n", "F401"));
        assertEquals("[project]\nname = \"x\"\n\n[tool.jupyship.lint]\nignore = [\"JS301\"]\n", added("[project]\nname = \"x\"\n", "JS301"));
        Files.delete(workspace.resolve("pyproject.toml"));
        PyprojectIgnore.Added created = PyprojectIgnore.add(workspace.resolve("sub/nb.ipynb"), workspace, "JS301");
        assertTrue(created.created());
        assertEquals(workspace.resolve("pyproject.toml"), created.file());
        assertEquals("[tool.jupyship.lint]\nignore = [\"JS301\"]\n", Files.readString(created.file()));
        Path notebook = workspace.resolve("sub/nb.ipynb");
        assertFalse(LintConfig.forFile(notebook, workspace).enabled("JS301", notebook), "the lint reads it");
        assertTrue(LintConfig.forFile(notebook, workspace).enabled("JS302", notebook));
    }

    @Test
    void theTableThatAppliesIsTheOneEditedAndARuleIgnoredAlreadyChangesNothing() throws Exception {
        Files.writeString(workspace.resolve("pyproject.toml"), "[tool.jupyship.lint]\nignore = [\"JS1\"]\n");
        Files.createDirectories(workspace.resolve("team"));
        Files.writeString(workspace.resolve("team/pyproject.toml"), "[project]\nname = \"team\"\n[tool.jupyship.lint]\nselect = [\"JS\"]\n");
        PyprojectIgnore.Added added = PyprojectIgnore.add(workspace.resolve("team/nb.ipynb"), workspace, "F401");
        assertEquals(workspace.resolve("team/pyproject.toml"), added.file());
        assertTrue(Files.readString(added.file()).contains("[tool.jupyship.lint]\nignore = [\"F401\"]\nselect"));
        PyprojectIgnore.Added again = PyprojectIgnore.add(workspace.resolve("team/nb.ipynb"), workspace, "F401");
        assertTrue(again.alreadyIgnored());
        assertFalse(again.created());
        assertEquals("[tool.jupyship.lint]\nignore = [\"JS1\"]\n", Files.readString(workspace.resolve("pyproject.toml")));
    }

    @Test
    void aPyprojectWithoutOurTableIsPassedOverAsTheLintPassesOverItEvenWhenItIsNotValidToml() throws Exception {
        Files.writeString(workspace.resolve("pyproject.toml"), "[tool.jupyship.lint]\nignore = [\"JS1\"]\n");
        Files.createDirectories(workspace.resolve("team"));
        String notOurs = "[project\nname = \"broken, and not ours\"\n";
        Files.writeString(workspace.resolve("team/pyproject.toml"), notOurs);
        PyprojectIgnore.Added added = PyprojectIgnore.add(workspace.resolve("team/nb.ipynb"), workspace, "F401");
        assertEquals(workspace.resolve("pyproject.toml"), added.file());
        assertEquals("[tool.jupyship.lint]\nignore = [\"JS1\", \"F401\"]\n", Files.readString(added.file()));
        assertEquals(notOurs, Files.readString(workspace.resolve("team/pyproject.toml")));
    }

    @Test
    void whatCannotBeEditedSafelyIsRefusedWithTheFileUntouched() throws Exception {
        String dotted = "[tool]\njupyship.lint.ignore = [\"JS1\"]\n";
        Files.writeString(workspace.resolve("pyproject.toml"), dotted);
        Conflict refused = assertThrows(Conflict.class, () -> PyprojectIgnore.add(workspace.resolve("nb.ipynb"), workspace, "F401"));
        assertEquals("pyproject.toml: its [tool.jupyship.lint] table is written as dotted keys or an inline table, which this edit does not"
                + " change; add \"F401\" to its ignore list by hand", refused.getMessage());
        assertEquals(dotted, Files.readString(workspace.resolve("pyproject.toml")));

        String quotedKey = "[tool.jupyship.lint]\n\"ignore\" = [\"JS1\"]\n";
        Files.writeString(workspace.resolve("pyproject.toml"), quotedKey);
        Conflict unsafe = assertThrows(Conflict.class, () -> PyprojectIgnore.add(workspace.resolve("nb.ipynb"), workspace, "F401"));
        assertTrue(unsafe.getMessage().contains("nothing was written"), unsafe.getMessage());
        assertEquals(quotedKey, Files.readString(workspace.resolve("pyproject.toml")));

        Files.writeString(workspace.resolve("pyproject.toml"), "[tool.jupyship.lint\nignore = [");
        BadInput broken = assertThrows(BadInput.class, () -> PyprojectIgnore.add(workspace.resolve("nb.ipynb"), workspace, "F401"));
        assertTrue(broken.getMessage().contains("not valid TOML") && broken.getMessage().endsWith("; nothing was added to it"), broken.getMessage());
        BadInput badRule = assertThrows(BadInput.class, () -> PyprojectIgnore.add(workspace.resolve("nb.ipynb"), workspace, "F401\"]\nx = ["));
        assertTrue(badRule.getMessage().contains("is not a rule id"));
    }

    @Test
    void stringsHoldingBracketsAndCommentsDoNotMisleadTheEdit() throws Exception {
        assertEquals("""
                [tool.jupyship.lint]
                per-file-ignores = { "a[1]/**" = ["JS2"] }
                ignore = ['JS1', "E]#", \"""x]""\", "F401"]  # [comment]
                """, added("""
                [tool.jupyship.lint]
                per-file-ignores = { "a[1]/**" = ["JS2"] }
                ignore = ['JS1', "E]#", \"""x]""\"]  # [comment]
                """, "F401"));
    }
}
