package dev.jupyship.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.Notebooks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jupyship export}: where exports go, and what it refuses to touch. */
class ExportCommandTest {

    @TempDir
    Path folder;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void besideByDefaultStdoutWithDashAndAFileWithO() throws Exception {
        Path notebook = Files.write(folder.resolve("train.ipynb"), Notebooks.bytes("code", "x = 1"));
        Run beside = run("export", notebook.toString());
        assertEquals(0, beside.code(), beside.err());
        assertTrue(Files.readString(folder.resolve("train.py")).endsWith("x = 1\n"));

        Run stdout = run("export", "--no-header", "-o", "-", notebook.toString());
        assertEquals(0, stdout.code(), stdout.err());
        assertTrue(stdout.out().startsWith("# %%\nx = 1"), stdout.out());

        Run file = run("export", "-o", folder.resolve("elsewhere/t.py").toString(), notebook.toString());
        assertEquals(0, file.code(), file.err());
        assertEquals(Files.readString(folder.resolve("train.py")), Files.readString(folder.resolve("elsewhere/t.py")));
    }

    @Test
    void aWholeFolderMirroredUnderAnOutputFolder() throws Exception {
        Files.createDirectories(folder.resolve("in/a/.ipynb_checkpoints"));
        Files.write(folder.resolve("in/one.ipynb"), Notebooks.bytes("code", "one = 1"));
        Files.write(folder.resolve("in/a/two.ipynb"), Notebooks.bytes("markdown", "two"));
        Files.write(folder.resolve("in/a/.ipynb_checkpoints/two-checkpoint.ipynb"), Notebooks.bytes("markdown", "old"));
        Run run = run("export", "-o", folder.resolve("out").toString(), folder.resolve("in").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.readString(folder.resolve("out/one.py")).contains("one = 1"));
        assertTrue(Files.readString(folder.resolve("out/a/two.py")).contains("# two"));
        assertFalse(Files.exists(folder.resolve("out/a/.ipynb_checkpoints")));
        assertTrue(run.err().contains("2 notebooks exported (2 files changed), 0 failed"), run.err());
    }

    @Test
    void badNotebooksAreNamedAndTheOthersStillExported() throws Exception {
        Files.write(folder.resolve("good.ipynb"), Notebooks.bytes("code", "ok = True"));
        Files.writeString(folder.resolve("bad.ipynb"), "{\"cells\": [}");
        Run run = run("export", folder.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("bad.ipynb: invalid JSON at line 1, column 12"), run.err());
        assertTrue(Files.exists(folder.resolve("good.py")));
        assertFalse(Files.exists(folder.resolve("bad.py")));
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void neverReplacesAHandWrittenPy() throws Exception {
        Path notebook = Files.write(folder.resolve("model.ipynb"), Notebooks.bytes("code", "x = 1"));
        Files.writeString(folder.resolve("model.py"), "class Model:\n    pass\n");
        Run refused = run("export", notebook.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("model.py: exists and is not a notebook export, so it is left alone"), refused.err());
        assertEquals("class Model:\n    pass\n", Files.readString(folder.resolve("model.py")));
        assertEquals(0, run("export", "--force", notebook.toString()).code());
        assertTrue(Files.readString(folder.resolve("model.py")).endsWith("x = 1\n"));
        // An earlier export is replaced without --force.
        Files.write(notebook, Notebooks.bytes("code", "x = 2"));
        assertEquals(0, run("export", notebook.toString()).code());
        assertTrue(Files.readString(folder.resolve("model.py")).endsWith("x = 2\n"));
    }

    @Test
    void usageErrors() throws Exception {
        Files.write(folder.resolve("one.ipynb"), Notebooks.bytes("code", "1"));
        Files.write(folder.resolve("two.ipynb"), Notebooks.bytes("code", "2"));
        Run missing = run("export", folder.resolve("nope.ipynb").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.ipynb: no such file"), missing.err());
        Run twoToStdout = run("export", "-o", "-", folder.toString());
        assertEquals(1, twoToStdout.code());
        assertTrue(twoToStdout.err().contains("-o - prints one notebook's export; 2 notebooks were given"), twoToStdout.err());
        assertEquals(2, run("export").code());
        Path empty = Files.createDirectories(folder.resolve("empty"));
        Run none = run("export", empty.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no notebooks found in " + empty), none.err());
    }
}
