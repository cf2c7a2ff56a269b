package dev.jupyship.cli;

import dev.jupyship.json.Jsons;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a running sidecar tells the {@code jupyship} launcher how to reach it, as Jupyter's own
 * {@code jpserver-<pid>.json} does: {@code sidecar-<pid>.json} in {@code $JUPYSHIP_RUNTIME_DIR}, else
 * {@code $XDG_RUNTIME_DIR/jupyship}, else {@code ~/.local/share/jupyship/runtime}; the folder only
 * its user may enter (0700), the file only its user may read (0600), since it holds the secret
 * that runs commands in the sidecar. One key a line, so that a shell reads it without a JSON parser.
 * Removed when the sidecar stops. A killed sidecar cannot remove its own: the launcher passes over
 * a file whose process is gone, and a sidecar that starts removes them, so that they do not pile up
 * (a launcher that read 145 of them took 67 ms longer).
 */
final class SidecarRuntimeFile implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("sidecar-(\\d{1,18})\\.json");

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
        removeLeftovers(folder);
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

    /** The files of sidecars whose process is gone; what cannot be removed stays (it is passed over). */
    private static void removeLeftovers(Path folder) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "sidecar-*.json")) {
            for (Path file : files) {
                Matcher name = NAME.matcher(file.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // another user's folder, or one that changes meanwhile: ours is written all the same
        }
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
