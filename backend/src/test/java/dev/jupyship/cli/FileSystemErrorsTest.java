package dev.jupyship.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.CliRun;
import dev.jupyship.testing.Notebooks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk and a read-only workspace, on a real small tmpfs: every command and the API say so in
 * one line with the right status, and nothing is corrupted. Mounting needs root, which CI has; as
 * another user these tests are skipped (and say so). Nothing here waits in a loop (filling the disk
 * ends at its 512 KB); the class timeout is a guard against a hang, far beyond what the tests need.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FileSystemErrorsTest {

    @TempDir
    Path folder;

    private Path disk;

    private static void sh(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    /** A 512 KB tmpfs holding a git repository with a notebook that has a fix to write (JS103). */
    private Path mountWorkspace() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        boolean root = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().equals("0");
        assumeTrue(root, "skipped: mounting a tmpfs needs root (CI runs as root)");
        disk = Files.createDirectories(folder.resolve("disk"));
        sh("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", disk.toString());
        Git.init().setDirectory(disk.toFile()).call().close();
        Files.writeString(disk.resolve("nb.ipynb"), Notebooks.of("code", "x = 1").replaceFirst("\"outputs\": \\[\\]",
                "\"outputs\": [{\"output_type\": \"error\", \"ename\": \"ValueError\", \"evalue\": \"bad\", \"traceback\": []}]"));
        return disk;
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            sh("umount", disk.toString());
        }
    }

    private static void fill(Path disk) throws IOException {
        try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            assertEquals("No space left on device", e.getMessage());
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(disk)) {
            return walk.filter(Files::isRegularFile).map(f -> disk.relativize(f).toString())
                    .filter(name -> !name.startsWith(".git/objects") && !name.startsWith(".git/hooks/") || name.endsWith("pre-commit"))
                    .sorted().toList();
        }
    }

    private static void assertOneLine(String text) {
        assertEquals(1, text.lines().count(), text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
    }

    /** The HTTP status and error message of {@code POST /api/test} on nb.ipynb. */
    private String postTest(Path workspace) throws Exception {
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/test"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"nb.ipynb\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode error = Jsons.MAPPER.readTree(response.body());
            assertEquals(response.statusCode(), error.get("status").asInt());
            return response.statusCode() + " " + error.get("error").asText();
        }
    }

    @Test
    void aFullDiskIsOneLineAnd507AndCorruptsNothing() throws Exception {
        Path workspace = mountWorkspace();
        Path notebook = workspace.resolve("nb.ipynb");
        byte[] before = Files.readAllBytes(notebook);
        fill(workspace);
        List<String> filesBefore = files();

        CliRun fix = CliRun.of("lint", "--fix", "--no-standard", notebook.toString());
        assertEquals(1, fix.code());
        assertTrue(fix.out().contains(notebook + ": note: not fixed: " + notebook + ": No space left on device (the disk is full)\n"), fix.out());
        assertEquals("", fix.err());

        CliRun export = CliRun.of("export", notebook.toString());
        assertEquals(1, export.code());
        assertEquals("jupyship export: " + workspace.resolve("nb.py") + ": No space left on device (the disk is full)\n"
                + "0 notebooks exported (0 files changed), 1 failed\n", export.err());

        CliRun hook = CliRun.of("hook", "install", "--repo", workspace.toString());
        assertEquals(1, hook.code());
        assertOneLine(hook.err());
        assertTrue(hook.err().startsWith("jupyship hook install: ") && hook.err().endsWith(": No space left on device (the disk is full)\n"), hook.err());

        Files.delete(workspace.resolve("filler"));
        fill(workspace); // the sidecar's own files: full again, after the .git it made room for
        assertEquals("507 .jupyship/test-runs/.gitignore: No space left on device (the disk is full)", postTest(workspace));

        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(notebook)), "the notebook is as it was");
        assertEquals(filesBefore, files(), "no temporary or half-written file is left");
    }

    @Test
    void aReadOnlyWorkspaceIsOneLineAnd403AndCorruptsNothing() throws Exception {
        Path workspace = mountWorkspace();
        Path notebook = workspace.resolve("nb.ipynb");
        byte[] before = Files.readAllBytes(notebook);
        sh("mount", "-o", "remount,ro", workspace.toString());

        CliRun fix = CliRun.of("lint", "--fix", "--no-standard", notebook.toString());
        assertEquals(1, fix.code());
        assertTrue(fix.out().contains(notebook + ": note: not fixed: " + notebook + ": Read-only file system\n"), fix.out());

        CliRun export = CliRun.of("export", notebook.toString());
        assertEquals(1, export.code());
        assertEquals("jupyship export: " + workspace.resolve("nb.py") + ": Read-only file system\n"
                + "0 notebooks exported (0 files changed), 1 failed\n", export.err());

        CliRun hook = CliRun.of("hook", "install", "--repo", workspace.toString());
        assertEquals(1, hook.code());
        assertOneLine(hook.err());
        assertTrue(hook.err().startsWith("jupyship hook install: ") && hook.err().endsWith("/hooks/pre-commit: Read-only file system\n"), hook.err());

        assertEquals("403 .jupyship: Read-only file system", postTest(workspace));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(notebook)));
    }
}
