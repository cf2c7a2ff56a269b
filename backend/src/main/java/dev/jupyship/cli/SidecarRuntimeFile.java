package dev.jupyship.cli;

import dev.jupyship.json.Jsons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a running sidecar tells the {@code jupyship} launcher how to reach it, as Jupyter's own
 * {@code jpserver-<pid>.json} does: {@code sidecar-<pid>.json} in {@code $JUPYSHIP_RUNTIME_DIR}, else
 * {@code $XDG_RUNTIME_DIR/jupyship}, else {@code ~/.local/share/jupyship/runtime}; the folder only
 * its user may enter (0700), the file only its user may read (0600), since it holds the secret
 * that runs commands in the sidecar. One key a line, so that a shell reads it without a JSON parser.
 * Removed when the sidecar stops; a file left by a killed sidecar names a port nothing answers on,
 * and the launcher passes over it.
 */
final class SidecarRuntimeFile implements AutoCloseable {

    private final Path file;

    private SidecarRuntimeFile(Path file) {
        this.file = file;
    }

    static Path folder() {
        String configured = System.getenv("JUPYSHIP_RUNTIME_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "jupyship");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "jupyship", "runtime");
    }

    static SidecarRuntimeFile write(String host, int port, Path workspace, String token, String secret) throws IOException {
        Path folder = folder();
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        Path file = folder.resolve("sidecar-" + ProcessHandle.current().pid() + ".json");
        String text = "{\n"
                + "  \"pid\": " + ProcessHandle.current().pid() + ",\n"
                + "  \"host\": " + Jsons.MAPPER.writeValueAsString(host) + ",\n"
                + "  \"port\": " + port + ",\n"
                + "  \"workspace\": " + Jsons.MAPPER.writeValueAsString(workspace.toRealPath().toString()) + ",\n"
                + "  \"token\": " + Jsons.MAPPER.writeValueAsString(token == null ? "" : token) + ",\n"
                + "  \"secret\": " + Jsons.MAPPER.writeValueAsString(secret) + "\n"
                + "}\n";
        Path temporary = Files.createTempFile(folder, ".sidecar-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new SidecarRuntimeFile(file);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the launcher passes over a file whose sidecar does not answer
        }
    }
}
