package dev.jupyship.cli;

import dev.jupyship.json.Jsons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
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
 * a file whose process is gone, and a sidecar that starts removes those of its machine, so that they
 * do not pile up (a launcher that read 145 of them took 67 ms longer).
 */
final class SidecarRuntimeFile implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("sidecar-(\\d{1,18})\\.json");
    private static final Pattern MACHINE_LINE = Pattern.compile("^  \"machine\": (\".*\")$", Pattern.MULTILINE);
    private static final String MACHINE = machineName();

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
                + "  \"secret\": " + Jsons.MAPPER.writeValueAsString(secret) + ",\n"
                + "  \"machine\": " + Jsons.MAPPER.writeValueAsString(MACHINE) + "\n"
                + "}\n";
        Path temporary = Files.createTempFile(folder, ".sidecar-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new SidecarRuntimeFile(file);
    }

    /**
     * The files of sidecars whose process is gone. A home folder may be shared by pods (a user's named
     * servers), whose processes this one cannot see: a file that names another machine stays. What
     * cannot be read or removed stays too (the launcher passes over it).
     */
    private static void removeLeftovers(Path folder) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "sidecar-*.json")) {
            for (Path file : files) {
                Matcher name = NAME.matcher(file.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty() && isThisMachines(file)) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException stays) {
                        // passed over by the launcher all the same
                    }
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // a folder that cannot be listed, or changes meanwhile: ours is written all the same
        }
    }

    /** Written on this machine, or before files named their machine. */
    private static boolean isThisMachines(Path file) {
        try {
            Matcher machine = MACHINE_LINE.matcher(Files.readString(file, StandardCharsets.UTF_8));
            return !machine.find() || Jsons.MAPPER.readValue(machine.group(1), String.class).equals(MACHINE);
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * This machine's name (a pod's name in Kubernetes), as its environment or kernel says it; without
     * a resolver lookup, which can hang where DNS is broken.
     */
    private static String machineName() {
        String name = System.getenv("HOSTNAME");
        if (name != null && !name.isBlank()) {
            return name.strip();
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException none) {
            return "localhost";
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
