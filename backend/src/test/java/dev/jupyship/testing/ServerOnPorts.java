package dev.jupyship.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts a server that must be told its ports before it starts (it cannot take port 0 and say which
 * port it got). Between picking a free port and the server's own bind another process may take it,
 * so the server counts as started only once its own process listens on every one of its ports (read
 * through {@code /proc}, {@link ListeningPorts#of}) and answers; when it exits saying
 * "address already in use" it is started again, on fresh free ports, or, for a server restarted
 * where its clients expect it, on the same ports after a pause (the port's other user may let go).
 */
public final class ServerOnPorts {

    static final int ATTEMPTS = 5;
    private static final String IN_USE = "address already in use";
    private static final Duration PAUSE = Duration.ofSeconds(1);
    private static final int LOG_TAIL_CHARS = 4000;

    private ServerOnPorts() {
    }

    /** Starts the server's process on the ports, its output appended to the log. */
    @FunctionalInterface
    public interface Launch {
        Process start(List<Integer> ports) throws IOException;
    }

    /** Whether the server on the ports answers as ready (connection refused and the like: not yet). */
    @FunctionalInterface
    public interface Ready {
        boolean test(List<Integer> ports) throws IOException, InterruptedException;
    }

    /** The running server's process and the ports it listens on. */
    public record Started(Process process, List<Integer> ports) {
    }

    /**
     * The server on {@code count} ports picked free for each attempt.
     *
     * @param stop how the caller stops a process it launched, applied to each attempt that failed
     */
    public static Started onFreePorts(String name, int count, Path log, Duration limit, Launch launch, Ready ready, Consumer<Process> stop)
            throws IOException, InterruptedException {
        return start(name, count, null, log, limit, launch, ready, stop);
    }

    /** The server on these very ports, which its clients already know: a restart. */
    public static Started onPorts(String name, List<Integer> ports, Path log, Duration limit, Launch launch, Ready ready, Consumer<Process> stop)
            throws IOException, InterruptedException {
        return start(name, ports.size(), List.copyOf(ports), log, limit, launch, ready, stop);
    }

    private static Started start(String name, int count, List<Integer> fixed, Path log, Duration limit, Launch launch, Ready ready,
            Consumer<Process> stop) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            List<Integer> ports = fixed != null ? fixed : free(count);
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            Process process = launch.start(ports);
            String problem;
            try {
                problem = awaitListening(process, ports, limit, ready);
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                stop.accept(process);
                throw e;
            }
            if (problem == null) {
                return new Started(process, ports);
            }
            stop.accept(process);
            String output = readFrom(log, logStart);
            if (!output.toLowerCase(Locale.ROOT).contains(IN_USE) || attempt == ATTEMPTS) {
                throw new IllegalStateException(name + " " + problem + " on port(s) " + ports + " (attempt " + attempt + " of " + ATTEMPTS
                        + "); the end of its log " + log + ":\n" + output.substring(Math.max(0, output.length() - LOG_TAIL_CHARS)));
            }
            if (fixed != null) {
                Thread.sleep(PAUSE.toMillis() * attempt);
            }
        }
    }

    /** Null once the process itself listens on every port and answers; else what went wrong. */
    private static String awaitListening(Process process, List<Integer> ports, Duration limit, Ready ready)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (process.isAlive()) {
            if (ListeningPorts.of(process.pid()).containsAll(ports) && answers(ready, ports)) {
                return null;
            }
            if (System.nanoTime() > deadline) {
                return "did not listen and answer within " + limit.toSeconds() + " s";
            }
            Thread.sleep(50);
        }
        return "exited (status " + process.waitFor() + ") before it listened and answered";
    }

    private static boolean answers(Ready ready, List<Integer> ports) throws InterruptedException {
        try {
            return ready.test(ports);
        } catch (IOException | RuntimeException notYet) {
            return false;
        }
    }

    /** Stops a process: asked first (SIGTERM), killed when it has not exited within 10 s. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static List<Integer> free(int count) throws IOException {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < count) {
            int port = ListeningPorts.free();
            if (!ports.contains(port)) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static String readFrom(Path log, long offset) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(offset, Files.size(log)));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
