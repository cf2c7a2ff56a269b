package dev.jupyship.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Command lines the sidecar runs for the {@code jupyship} launcher in the same pod, so that
 * {@code jupyship lint} in a terminal or a git hook answers without starting a JVM of its own.
 * Implemented by the command line itself; the launcher finds the sidecar, and the secret, in a
 * runtime file only its user can read.
 */
public interface CommandLineHandoff {

    /** Whether {@code secret} is the one the runtime file gave the launcher. */
    boolean admits(String secret);

    /** Runs {@code args} as if in {@code folder}: the same output, exit code and files as the launcher's own process. */
    Outcome run(Path folder, List<String> args);

    /**
     * What the command printed and its exit code; or, when {@code handedBack} says why, nothing was
     * run here (a path outside the workspace, a command that needs its own process), and the
     * launcher runs it itself.
     */
    record Outcome(int exitCode, String out, String err, String handedBack) {
    }
}
