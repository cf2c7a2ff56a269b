package dev.jupyship.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.CliRun;
import dev.jupyship.testing.Notebooks;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's own promises: --help everywhere, one-line port errors, a summary that agrees with its notes. */
class CommandLineTest {

    @TempDir
    Path folder;

    private static void commandPaths(CommandLine command, List<String> prefix, List<List<String>> into) {
        command.getSubcommands().forEach((name, sub) -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            into.add(path);
            commandPaths(sub, path, into);
        });
    }

    @Test
    void helpWorksOnEveryCommand() {
        List<List<String>> commands = new ArrayList<>();
        CommandLine all = new CommandLine(new Main());
        Main.COMMANDS.forEach(all::addSubcommand);
        commandPaths(all, List.of(), commands);
        assertTrue(commands.size() >= 15, commands.toString());
        for (List<String> command : commands) {
            for (String help : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command);
                args.add(help);
                CliRun run = CliRun.of(args.toArray(String[]::new));
                assertEquals(0, run.code(), command + " " + help + ": " + run.err());
                assertTrue(run.out().startsWith("Usage: jupyship " + String.join(" ", command)), run.out());
                assertEquals("", run.err());
            }
        }
    }

    @Test
    void aNotebookTheStaticCheckRefusesLeavesNoRunFolder() throws Exception {
        Path notebook = folder.resolve("plain.ipynb");
        Files.writeString(notebook, Notebooks.of("code", "x = 1"));
        Path runs = folder.resolve("runs");
        CliRun run = CliRun.of("test", notebook.toString(), "--work-dir", runs.toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.out().contains("FAIL contract: the notebook declares no contract"), run.out());
        try (var left = Files.list(runs)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aBadPortIsOneLine() {
        CliRun run = CliRun.of("serve", "--port", "99999", "-w", folder.toString());
        assertEquals(1, run.code());
        assertEquals("jupyship serve: --port 99999 is not a port: give 1 to 65535, or 0 for a free one\n", run.err());
    }

    @Test
    void aBusyPortIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("serve", "--port", String.valueOf(taken.getLocalPort()), "-w", folder.toString());
            assertEquals(1, run.code());
            assertEquals("jupyship serve: 127.0.0.1:" + taken.getLocalPort() + ": Address already in use"
                    + " (is another sidecar running? stop it, or pick another port with --port)\n", run.err());
        }
    }

    @Test
    void aNotebookNotLintedIsNotCalledPassed() throws Exception {
        Path bad = Files.writeString(folder.resolve("bad.ipynb"), "{bad");
        CliRun alone = CliRun.of("lint", "--no-standard", bad.toString());
        assertEquals(1, alone.code());
        assertEquals(bad + ": note: not linted: " + bad + ": invalid JSON at line 1, column 2: a character that JSON does not allow there\n"
                + "1 notebook not linted (see the notes above).\n", alone.out());

        Path good = Files.write(folder.resolve("good.ipynb"), Notebooks.bytes("code", "x = 1"));
        CliRun both = CliRun.of("lint", "--no-standard", bad.toString(), good.toString());
        assertEquals(1, both.code());
        assertTrue(both.out().contains("\nFound 0 errors, 1 warnings, 0 notes in 1 notebook; 1 notebook not linted (see the notes above).\n"),
                both.out());
    }
}
