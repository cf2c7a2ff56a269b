package dev.jupyship.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kills a process with everything it started. Descendants are collected before anything is killed
 * (a killed parent's children are re-parented and no longer found through it); a marker variable
 * in the environment also finds processes that had already left the tree, such as a kernel whose
 * papermill died first (Linux {@code /proc} only).
 */
public final class ProcessTree {

    private ProcessTree() {
    }

    public static void kill(ProcessHandle root) {
        kill(root, null);
    }

    /**
     * @param marker an environment entry {@code NAME=value} the tree's processes carry, or null
     */
    public static void kill(ProcessHandle root, String marker) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        if (marker != null) {
            all.addAll(withEnvironment(marker));
        }
        for (ProcessHandle process : all) {
            process.destroyForcibly();
        }
    }

    /** Live processes whose environment holds {@code marker} ({@code NAME=value}). */
    public static List<ProcessHandle> withEnvironment(String marker) {
        Path proc = Path.of("/proc");
        List<ProcessHandle> found = new ArrayList<>();
        if (!Files.isDirectory(proc)) {
            return found;
        }
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && Long.parseLong(name) != self && carries(Long.parseLong(name), marker)) {
                    ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    /** Whether a process's environment holds {@code marker} ({@code NAME=value}); false when it is gone or not readable. */
    public static boolean carries(long pid, String marker) {
        byte[] needle = ("\0" + marker + "\0").getBytes(StandardCharsets.UTF_8);
        try {
            byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            byte[] padded = new byte[environ.length + 1];
            System.arraycopy(environ, 0, padded, 1, environ.length);
            return contains(padded, needle);
        } catch (IOException | SecurityException gone) {
            return false; // exited meanwhile, or another user's process
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length + 1; i++) {
            for (int j = 0; j < needle.length; j++) {
                int k = i + j;
                byte b = k < haystack.length ? haystack[k] : 0;
                if (b != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
