package dev.jupyship.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.cli.Main;
import dev.jupyship.testing.PythonEnv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality gate, as the test command runs it: every real snippet is validated and executed in a
 * real kernel of the project's Python environment. A snippet that fails here cannot be merged.
 */
class SnippetGateTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void everyRealSnippetPassesTheGate() throws Exception {
        Path venv = PythonEnv.program("python").getParent().getParent();
        String[] result = run("snippets", "check", SnippetFiles.platform().toString(), "--venv", venv.toString());
        System.out.print(result[1]);
        assertEquals("0", result[0], result[1] + result[2]);
        // Every snippet file is checked: one per .md beside the catalog's README.
        long snippets;
        try (var files = Files.list(SnippetFiles.platform())) {
            snippets = files.filter(f -> f.toString().endsWith(".md") && !f.getFileName().toString().equals("README.md")).count();
        }
        assertTrue(result[1].contains(snippets + " snippets, 0 problem(s)"), result[1]);
    }

    @Test
    void aFailingSnippetFailsTheGateAtItsFileAndLine(@TempDir Path dir) throws Exception {
        Path venv = PythonEnv.program("python").getParent().getParent();
        Path folder = dir.resolve("snippets");
        SnippetFiles.write(folder, "base.md", SnippetFiles.snippet("base", "", "base_value = 41"));
        SnippetFiles.write(folder, "uses-base.md", SnippetFiles.snippet("uses-base", "base", "answer = base_value + 1\nassert answer == 42"));
        SnippetFiles.write(folder, "undeclared.md", SnippetFiles.snippet("undeclared", "", "x = 1\ny = base_value"));
        SnippetFiles.write(folder, "needs.md", SnippetFiles.snippet("needs", "", "z = 1").replace("requires: []", "packages: [no-such-package-zz]"));
        SnippetFiles.write(folder, "syntax.md", SnippetFiles.snippet("syntax", "", "x = (1,"));
        SnippetFiles.write(folder, "unused.md", SnippetFiles.snippet("unused", "", "value = 1\nimport os"));
        String[] result = run("snippets", "check", folder.toString(), "--venv", venv.toString());
        assertEquals("1", result[0], result[1] + result[2]);
        String err = result[2];
        assertTrue(err.contains("snippets/undeclared.md:15: fails when run: NameError: name 'base_value' is not defined"), err);
        assertTrue(err.contains("snippets/needs.md:8: needs package(s) no-such-package-zz, not installed in"), err);
        assertTrue(err.contains("snippets/syntax.md:14: invalid Python: '(' was never closed"), err);
        assertTrue(err.contains("snippets/unused.md:15: JS501 'os' is imported but never used"), err);
        assertTrue(result[1].contains("ok    uses-base") && result[1].contains("ok    base"), result[1]);
        assertTrue(err.contains("snippets/undeclared.md:15: JS102 'base_value' is not defined in any cell"), err);
        assertTrue(result[1].contains("5 snippets, 5 problem(s)"), result[1]);
    }
}
