package dev.jupyship.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.CliRun;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one write path: checked against the version read, mode kept, symbolic links written through inside the work tree. */
class AtomicFilesTest {

    @TempDir
    Path folder;

    /** A notebook whose second cell carries an error output (JS103, which --fix removes) and says which save it is. */
    private static String save(int number) {
        return "{\n \"cells\": [\n  {\"cell_type\": \"code\", \"execution_count\": 1, \"id\": \"p\", \"metadata\": {\"tags\": [\"parameters\"]},"
                + " \"outputs\": [], \"source\": [\"x = 1\\n\"]},\n"
                + "  {\"cell_type\": \"code\", \"execution_count\": 2, \"id\": \"s\", \"metadata\": {}, \"outputs\": ["
                + "{\"output_type\": \"error\", \"ename\": \"ValueError\", \"evalue\": \"bad\", \"traceback\": []}],"
                + " \"source\": [\"print(x)  # save " + number + "\"]}\n ],\n"
                + " \"metadata\": {\"kernelspec\": {\"display_name\": \"Python 3\", \"language\": \"python\", \"name\": \"python3\"}},\n"
                + " \"nbformat\": 4, \"nbformat_minor\": 5\n}\n";
    }

    private static final Pattern SAVE = Pattern.compile("# save (\\d+)");

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.endsWith(".replaced")).toList();
        }
    }

    @Test
    void aFileChangedSinceItWasReadIsNeverOverwritten() throws Exception {
        Path file = Files.writeString(folder.resolve("nb.ipynb"), save(1));
        FileVersion read = AtomicFiles.read(file);
        Files.writeString(file, save(2));
        FileChangedException refused = assertThrows(FileChangedException.class,
                () -> AtomicFiles.write(file, "fixed".getBytes(StandardCharsets.UTF_8), read));
        assertEquals(file + ": changed on disk since it was read, so it was not overwritten (a newer save is kept); run the command again",
                refused.getMessage());
        assertEquals(save(2), Files.readString(file));

        FileVersion absent = AtomicFiles.readIfExists(folder.resolve("new.py"));
        Files.writeString(folder.resolve("new.py"), "# mine\n");
        assertThrows(FileChangedException.class, () -> AtomicFiles.write(folder.resolve("new.py"), new byte[] {1}, absent));
        assertEquals("# mine\n", Files.readString(folder.resolve("new.py")));

        FileVersion current = AtomicFiles.read(file);
        AtomicFiles.write(file, "fixed".getBytes(StandardCharsets.UTF_8), current);
        assertEquals("fixed", Files.readString(file));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void lintFixKeepsTheModeAndANewExportGetsTheUmasksMode() throws Exception {
        Path notebook = Files.writeString(folder.resolve("nb.ipynb"), save(1));
        Files.setPosixFilePermissions(notebook, PosixFilePermissions.fromString("rw-rw-r--"));
        CliRun fix = CliRun.of("lint", "--fix", "--no-standard", notebook.toString());
        assertEquals("fixed JS103 in " + notebook + "\n", fix.err());
        assertFalse(Files.readString(notebook).contains("ValueError"));
        assertEquals("rw-rw-r--", mode(notebook));

        // what any program's new file gets under this process's umask (rw-r--r-- under 022), never rw------- by itself
        Path reference = Files.createFile(folder.resolve("reference"));
        CliRun export = CliRun.of("export", notebook.toString());
        assertEquals(0, export.code(), export.err());
        assertEquals(mode(reference), mode(folder.resolve("nb.py")));
        Files.setPosixFilePermissions(folder.resolve("nb.py"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.writeString(notebook, save(2));
        assertEquals(0, CliRun.of("export", notebook.toString()).code());
        assertTrue(Files.readString(folder.resolve("nb.py")).contains("# save 2"));
        assertEquals("rw-rw-rw-", mode(folder.resolve("nb.py")));
    }

    @Test
    void aSymbolicLinkIsWrittenThroughInsideTheWorkTreeAndRefusedOutside() throws Exception {
        Path tree = Files.createDirectories(folder.resolve("repo"));
        Files.createDirectories(tree.resolve(".git"));
        Path target = Files.writeString(Files.createDirectories(tree.resolve("real")).resolve("t.ipynb"), save(1));
        Path link = Files.createSymbolicLink(tree.resolve("link.ipynb"), Path.of("real/t.ipynb"));
        CliRun fix = CliRun.of("lint", "--fix", "--no-standard", link.toString());
        assertEquals("fixed JS103 in " + link + "\n", fix.err());
        assertTrue(Files.isSymbolicLink(link));
        assertFalse(Files.readString(target).contains("ValueError"), "the target is fixed");

        Path outside = Files.writeString(folder.resolve("outside.ipynb"), save(2));
        Path away = Files.createSymbolicLink(tree.resolve("away.ipynb"), outside);
        CliRun refused = CliRun.of("lint", "--fix", "--no-standard", away.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.out().contains(away + ": note: not fixed: " + away + ": is a symbolic link to " + outside.toRealPath()
                + ", outside " + tree + "; not written through it\n"), refused.out());
        assertTrue(Files.isSymbolicLink(away));
        assertEquals(save(2), Files.readString(outside));

        Files.createSymbolicLink(tree.resolve("dangling.py"), Path.of("gone.py"));
        AccessDeniedException dangling = assertThrows(AccessDeniedException.class,
                () -> AtomicFiles.write(tree.resolve("dangling.py"), new byte[] {1}));
        assertEquals("is a symbolic link to a missing file; not written", dangling.getReason());
    }

    /**
     * A saver saves the notebook again and again (in place, as jupyter_server does, or by renaming a
     * temporary file over it) while {@code lint --fix} runs repeatedly. Before each save the saver
     * checks the file still holds its last save (or the fix of exactly that save): a fix computed
     * from an older save would show an older number. At least 40 rounds, and more until a fix has
     * met a newer save and been refused, so that the test cannot pass without a conflict to survive.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aConcurrentSaveIsNeverOverwrittenByLintFix(boolean inPlace) throws Exception {
        Path notebook = Files.writeString(folder.resolve("nb.ipynb"), save(0));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger saves = new AtomicInteger();
        List<String> lost = new ArrayList<>();
        Thread saver = new Thread(() -> {
            try {
                for (int number = 1; !stop.get(); number++) {
                    String found = readRetrying(notebook);
                    Matcher matcher = SAVE.matcher(found);
                    int last = matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
                    if (last != number - 1) {
                        lost.add("save " + (number - 1) + " was replaced by content from save " + last);
                        return;
                    }
                    byte[] bytes = save(number).getBytes(StandardCharsets.UTF_8);
                    if (inPlace) {
                        try (FileOutputStream out = new FileOutputStream(notebook.toFile())) {
                            out.write(bytes);
                        }
                    } else {
                        Path temporary = Files.write(folder.resolve(".saving-" + number), bytes);
                        Files.move(temporary, notebook, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                    saves.incrementAndGet();
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                lost.add("the saver failed: " + e);
            }
        }, "saver");
        saver.start();
        int fixed = 0;
        int refused = 0;
        int clean = 0;
        int halfWritten = 0;
        int rounds = 0;
        try {
            for (; (rounds < 40 || refused == 0) && rounds < 1000 && saver.isAlive(); rounds++) {
                CliRun run = CliRun.of("lint", "--fix", "--no-standard", notebook.toString());
                if (run.err().equals("fixed JS103 in " + notebook + "\n")) {
                    fixed++;
                } else if (run.out().contains(": note: not fixed: " + notebook + ": ")
                        && run.out().contains("since it was read, so it was not overwritten (a newer save is kept)")) {
                    refused++;
                } else if (run.out().contains(": note: not linted: " + notebook + ": ") && run.err().isEmpty()) {
                    halfWritten++; // read while the in-place saver was writing: nothing written
                } else if (run.code() == 0 && run.err().isEmpty()) {
                    clean++; // read between a fix and the next save: nothing to fix
                } else {
                    lost.add("unexpected lint --fix outcome: " + run);
                }
            }
        } finally {
            stop.set(true);
            saver.join();
        }
        System.out.printf("concurrent saver (%s): %d saves, %d fixes written, %d refused as conflicts, %d with nothing to fix, "
                + "%d reading a half-written save%n", inPlace ? "in place" : "rename", saves.get(), fixed, refused, clean, halfWritten);
        assertEquals(List.of(), lost);
        assertEquals(rounds, fixed + refused + clean + halfWritten);
        assertTrue(rounds >= 40, "the saver stopped after " + rounds + " rounds");
        assertTrue(refused > 0, "no fix met a newer save in " + rounds + " rounds, so none was refused as a conflict");
    }

    /**
     * {@code export} over an earlier export that a person's editor keeps saving (by renaming, as most
     * do): rounds until one export met a newer save, which it refuses in one line with exit 1, the save
     * kept. Each refusal must be exactly that line; HTTP's export writes no file, so this is the CLI's.
     */
    @Test
    void anExportOverAFileSavedMeanwhileIsRefusedInOneLine() throws Exception {
        Path notebook = Files.writeString(folder.resolve("nb.ipynb"), save(0));
        Path export = folder.resolve("nb.py");
        Pattern refusal = Pattern.compile(Pattern.quote("jupyship export: " + export + ": ")
                + "(changed on disk|was saved again|was deleted|was created)"
                + Pattern.quote(" since it was read, so it was not overwritten (a newer save is kept); run the command again\n"
                + "0 notebooks exported (0 files changed), 1 failed\n"));
        AtomicBoolean stop = new AtomicBoolean();
        List<String> problems = new ArrayList<>();
        Thread saver = new Thread(() -> {
            try {
                for (int number = 1; !stop.get(); number++) {
                    Path temporary = Files.writeString(folder.resolve(".saving-" + number), "# %%\n# hand save " + number + "\n");
                    Files.move(temporary, export, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                problems.add("the saver failed: " + e);
            }
        }, "saver");
        saver.start();
        int written = 0;
        int refused = 0;
        int rounds = 0;
        try {
            for (; refused == 0 && rounds < 1000 && saver.isAlive(); rounds++) {
                CliRun run = CliRun.of("export", notebook.toString());
                if (run.code() == 0 && run.err().equals("wrote " + export + "\n")) {
                    written++;
                } else if (run.code() == 1 && run.out().isEmpty() && refusal.matcher(run.err()).matches()) {
                    refused++;
                } else {
                    problems.add("unexpected export outcome: " + run);
                    break;
                }
            }
        } finally {
            stop.set(true);
            saver.join();
        }
        assertEquals(List.of(), problems);
        assertTrue(refused > 0, "no export met a newer save in " + rounds + " rounds (" + written + " written)");
        assertTrue(Files.readString(export).startsWith("# %%\n# hand save "), "the last save is kept");
        assertEquals(List.of(), leftovers());
    }

    /** The saver's read: the name is briefly absent while a checked write swaps the file. */
    private static String readRetrying(Path file) throws IOException, InterruptedException {
        while (true) {
            try {
                return Files.readString(file);
            } catch (NoSuchFileException e) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aFailedWriteLeavesTheFileAsItWas() throws Exception {
        Path file = Files.writeString(folder.resolve("nb.ipynb"), save(1));
        FileVersion read = AtomicFiles.read(file);
        Files.delete(file);
        assertThrows(FileChangedException.class, () -> AtomicFiles.write(file, new byte[] {1}, read));
        assertFalse(Files.exists(file), "a deleted file is not brought back by a fix");
        assertArrayEquals(save(1).getBytes(StandardCharsets.UTF_8), read.bytes());
        assertEquals(List.of(), leftovers());
    }
}
