package dev.jupyship.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's Python environment made by scripts/setup-python ({@code .venv}, or
 * {@code $JUPYSHIP_VENV}). The test command always makes it; a bare {@code mvn test} without it
 * skips the tests that need Python rather than failing them.
 */
public final class PythonEnv {

    private PythonEnv() {
    }

    public static Path root() {
        String configured = System.getenv("JUPYSHIP_VENV");
        return configured != null && !configured.isBlank() ? Path.of(configured) : Corpus.repository().resolve(".venv");
    }

    /** A program of the environment ({@code bin/NAME}); skips the test when the environment is missing. */
    public static Path program(String name) {
        Path program = root().resolve("bin").resolve(name);
        assumeTrue(Files.isExecutable(program), "no " + program + ": run scripts/setup-python (the test command does)");
        return program;
    }
}
