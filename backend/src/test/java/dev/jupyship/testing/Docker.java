package dev.jupyship.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command line, as the README's users run it: one call, its exit code and output.
 * A missing client or engine is an error, never a skip: the test command starts the engine first.
 */
public final class Docker {

    private Docker() {
    }

    /** What one docker command did. */
    public record Result(int code, String out, String err) {

        /** The output, failing with the command's own words when it did not succeed. */
        public String ok() {
            if (code != 0) {
                throw new IllegalStateException("docker exited " + code + ": " + err.strip() + (out.isBlank() ? "" : "\n" + out.strip()));
            }
            return out;
        }
    }

    /** Runs {@code docker ARGS} to its end, at most {@code limit}. */
    public static Result run(Duration limit, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(args);
        // Output to files: a chatty command cannot block on a full pipe while it is waited for.
        Path out = Files.createTempFile("docker", ".out");
        Path err = Files.createTempFile("docker", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new IOException("cannot run docker (scripts/setup-docker installs and starts it): " + e.getMessage(), e);
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", command) + " did not end within " + limit.toSeconds() + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    public static Result run(Duration limit, String... args) throws IOException, InterruptedException {
        return run(limit, List.of(args));
    }
}
