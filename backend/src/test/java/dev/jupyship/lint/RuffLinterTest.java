package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jupyship.lint.standard.RuffLinter;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Notebooks;
import dev.jupyship.testing.PythonEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ruff's findings merged beside ours, with its positions on the right cell, from the real ruff of the project's venv. */
class RuffLinterTest {

    private static StandardLinter ruff() {
        Path ruff = PythonEnv.root().resolve("bin/ruff");
        assumeTrue(Files.isExecutable(ruff), "no ruff in the project's venv");
        return RuffLinter.at(ruff);
    }

    @Test
    void findingsLandOnTheirCellLineAndColumn() {
        Notebook notebook = Notebook.parse(Notebooks.bytes("markdown", "# Title", "code", "x = 1", "code", "y = 2\nimport os\nprint(undefined_name)"), "nb.ipynb");
        LintResult result = new Linter(List.of(), ruff()).lint(notebook, null, "nb.ipynb", LintConfig.defaults());
        assertEquals(List.of(), result.notes());
        Finding unused = result.findings().stream().filter(f -> f.rule().equals("F401")).findFirst().orElseThrow();
        assertEquals("ruff", unused.source());
        assertEquals(2, unused.cell());
        assertEquals(2, unused.line());
        assertEquals(8, unused.column());
        Finding undefined = result.findings().stream().filter(f -> f.rule().equals("F821")).findFirst().orElseThrow();
        assertEquals(2, undefined.cell());
        assertEquals(3, undefined.line());
        assertEquals(7, undefined.column());
    }

    @Test
    void ourIgnoreAndSeverityApplyToItsIds(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("pyproject.toml"), "[tool.jupyship.lint]\nignore = [\"F401\"]\nseverity = { F821 = \"error\" }\n");
        Path file = project.resolve("nb.ipynb");
        Files.write(file, Notebooks.bytes("code", "import os\nprint(nope)"));
        LintResult result = new Linter(List.of(), ruff()).lint(Notebook.read(file), file, "nb.ipynb", LintConfig.forFile(file, project));
        assertTrue(result.findings().stream().noneMatch(f -> f.rule().equals("F401")), result.findings().toString());
        assertEquals(Severity.ERROR, result.findings().stream().filter(f -> f.rule().equals("F821")).findFirst().orElseThrow().severity());
    }

    @Test
    void aCellsIgnoreMetadataOrNoqaTagSilencesRuffsFindingsInThatCellOnly() {
        String json = """
                {"cells": [
                  {"cell_type": "code", "execution_count": null, "id": "a", "outputs": [],
                   "metadata": {"jupyship": {"ignore": ["F401"]}}, "source": "import os\\nprint(nope_a)"},
                  {"cell_type": "code", "execution_count": null, "id": "b", "outputs": [],
                   "metadata": {"tags": ["noqa:F821"]}, "source": "import sys\\nprint(nope_b)"},
                  {"cell_type": "code", "execution_count": null, "id": "c", "outputs": [], "metadata": {},
                   "source": "import json  # noqa: F401, JS104\\nprint(nope_c)"}
                 ],
                 "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """;
        Notebook notebook = Notebook.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "nb.ipynb");
        LintResult result = new Linter(List.of(), ruff()).lint(notebook, null, "nb.ipynb", LintConfig.defaults());
        List<String> found = result.findings().stream().filter(f -> f.rule().startsWith("F"))
                .map(f -> f.rule() + "@" + f.cell() + ":" + f.line()).toList();
        assertEquals(List.of("F821@0:2", "F401@1:1", "F821@2:2"), found);
    }

    @Test
    void withoutRuffTheResultSaysSo() {
        StandardLinter missing = RuffLinter.at(Path.of("/nonexistent/ruff"));
        LintResult result = new Linter(List.of(), missing).lint(Notebook.parse(Notebooks.bytes("code", "x"), "nb.ipynb"), null, "nb.ipynb", LintConfig.defaults());
        assertEquals(List.of(), result.findings());
        assertTrue(result.notes().get(0).startsWith("standard Python lint skipped: cannot run /nonexistent/ruff"), result.notes().toString());
    }
}
