package dev.jupyship.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The files of a run's guard ({@code run_guard.py}) in {@code workDir/.run/}: what it was told
 * ({@code guard.json}: the command, the marker, the deadline, where to log), its pid, and how
 * papermill ended ({@code status.json}). They outlive the sidecar that started the run, so a later
 * one finds the run again ({@link PapermillRunner#attach}).
 */
record RunGuard(Path workDir, String marker, Instant deadline, Duration timeLimit, boolean sourceHadInjected) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static RunGuard in(Path workDir, String marker, Instant deadline, Duration timeLimit, boolean sourceHadInjected) {
        return new RunGuard(workDir, marker, deadline, timeLimit, sourceHadInjected);
    }

    private Path internal() {
        return workDir.resolve(PapermillRunner.RUN);
    }

    Path specFile() {
        return internal().resolve("guard.json");
    }

    Path pidFile() {
        return internal().resolve("guard.pid.json");
    }

    Path statusFile() {
        return internal().resolve("status.json");
    }

    Path writeLog() {
        return internal().resolve("outside-writes.log");
    }

    Path executed() {
        return workDir.resolve(PapermillRunner.EXECUTED);
    }

    Path stdout() {
        return workDir.resolve("logs/papermill.stdout.log");
    }

    Path stderr() {
        return workDir.resolve("logs/papermill.stderr.log");
    }

    Path combined() {
        return workDir.resolve("logs").resolve(PapermillRunner.COMBINED_LOG);
    }

    void write(List<String> command, long logCap) throws IOException {
        ObjectNode spec = JSON.createObjectNode();
        spec.putPOJO("command", command);
        spec.put("cwd", workDir.toString());
        spec.put("marker", marker);
        spec.put("deadline", deadline.toEpochMilli() / 1000.0);
        spec.put("timeLimitSeconds", timeLimit.toSeconds());
        spec.put("sourceHadInjected", sourceHadInjected);
        spec.put("logCap", logCap);
        spec.put("stdout", stdout().toString());
        spec.put("stderr", stderr().toString());
        spec.put("combined", combined().toString());
        spec.put("status", statusFile().toString());
        spec.put("pid", pidFile().toString());
        JSON.writeValue(specFile().toFile(), spec);
    }

    /** The guard a run's folder records, if it holds one. */
    static Optional<RunGuard> read(Path workDir) {
        Path spec = workDir.resolve(PapermillRunner.RUN).resolve("guard.json");
        try {
            JsonNode node = JSON.readTree(spec.toFile());
            return Optional.of(new RunGuard(workDir, node.get("marker").asText(),
                    Instant.ofEpochMilli((long) (node.get("deadline").asDouble() * 1000)),
                    Duration.ofSeconds(node.get("timeLimitSeconds").asLong()), node.get("sourceHadInjected").asBoolean()));
        } catch (IOException | RuntimeException none) {
            return Optional.empty();
        }
    }

    /** The guard's process while it runs: its recorded pid, still carrying the run's marker (not a reused pid). */
    Optional<ProcessHandle> process() {
        try {
            long pid = JSON.readTree(pidFile().toFile()).get("pid").asLong();
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> ProcessTree.carries(pid, marker));
        } catch (IOException | RuntimeException notYet) {
            return Optional.empty();
        }
    }

    /** Whether the guard recorded papermill's end. */
    boolean ended() {
        return Files.isRegularFile(statusFile());
    }

    /** What the guard recorded: papermill's exit status and whether the deadline stopped it; null before it ends. */
    Status status() {
        try {
            JsonNode node = JSON.readTree(statusFile().toFile());
            return new Status(node.get("exit").asInt(), node.get("timedOut").asBoolean());
        } catch (IOException | RuntimeException notYet) {
            return null;
        }
    }

    record Status(int exit, boolean timedOut) {
    }
}
