package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.json.Jsons;
import dev.jupyship.run.ProcessTree;
import dev.jupyship.testing.PythonEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sidecars, each a JVM of its own on the test classpath with a token in its environment, and
 * real papermill runs of a notebook that prints its environment and then sleeps: a sidecar killed
 * with SIGKILL mid-run leaves nothing unowned (the next one re-attaches to the run, and DELETE stops
 * it); one stopped with SIGTERM records its run as interrupted by shutdown; the token reaches no
 * stored file; no working folder outlives a stored run. Every wait has a bound and says what it
 * awaited; the class timeout is a guard against a hang, far beyond what the test needs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SidecarProcessRunsTest {

    private static final String TOKEN = "sidecar-token-" + java.util.UUID.randomUUID();
    /** How long any one wait may last before the test gives up: far beyond what any of it needs. */
    private static final long PATIENCE_MILLIS = 60_000;
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path workspace;
    @TempDir
    Path logs;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> sidecars = new ArrayList<>();

    private record Sidecar(Process process, int port) {
    }

    @AfterEach
    void stopSidecars() {
        sidecars.forEach(Process::destroyForcibly);
    }

    /** Waits for {@code done}, failing after {@link #PATIENCE_MILLIS} with what was awaited. */
    private interface Check {
        boolean done() throws Exception;
    }

    private static void await(String what, Check done) throws Exception {
        long end = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (!done.done()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError(what + ": not within " + PATIENCE_MILLIS / 1000 + " s");
            }
            Thread.sleep(100);
        }
    }

    private Sidecar start(String name) throws Exception {
        Path out = logs.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jupyship.cli.Main", "serve", "-w", workspace.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("JUPYSHIP_TOKEN", TOKEN);
        builder.environment().put("JUPYSHIP_VENV", PythonEnv.root().toString());
        Process process = builder.start();
        sidecars.add(process);
        Matcher[] port = new Matcher[1];
        await("the " + name + " sidecar saying where it listens (log: " + out + ")", () -> {
            port[0] = LISTENING.matcher(Files.exists(out) ? Files.readString(out) : "");
            boolean listening = port[0].find();
            if (!listening && !process.isAlive()) {
                throw new AssertionError("the sidecar stopped at start: " + Files.readString(out));
            }
            return listening;
        });
        return new Sidecar(process, Integer.parseInt(port[0].group(1)));
    }

    private JsonNode call(Sidecar sidecar, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + path))
                .header("X-Jupyship-Token", TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body == null) {
            request.header("X-XSRFToken", "x");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return response.body().startsWith("{") ? Jsons.MAPPER.readTree(response.body()) : null;
    }

    /** Deploys the sleeping notebook and waits until its last cell sleeps (it printed SLEEPING). */
    private String deploySleeping(Sidecar sidecar) throws Exception {
        String id = call(sidecar, "POST", "/api/deploy", "{\"path\": \"sleep.ipynb\"}").get("id").asText();
        await("run " + id + " printing SLEEPING in its last cell", () -> log(id).contains("SLEEPING"));
        return id;
    }

    private Path jobFolder(String id) {
        return workspace.resolve(".jupyship/deploy-work/jobs").resolve(id);
    }

    private String log(String id) throws Exception {
        Path log = jobFolder(id).resolve("work/logs/papermill.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private String marker(String id) throws Exception {
        return Jsons.MAPPER.readTree(jobFolder(id).resolve("work/.run/guard.json").toFile()).get("marker").asText();
    }

    private JsonNode storedManifest(String id) throws Exception {
        return Jsons.MAPPER.readTree(workspace.resolve(".jupyship/" + RunLayout.prefix(workspace.getFileName().toString(), "sleep.ipynb", id)
                + RunLayout.MANIFEST).toFile());
    }

    private JsonNode awaitFinal(Sidecar sidecar, String id) throws Exception {
        JsonNode[] run = new JsonNode[1];
        await("run " + id + " ending after its DELETE", () -> {
            run[0] = call(sidecar, "GET", "/api/runs/" + id, null);
            return !run[0].get("status").asText().matches("queued|running");
        });
        return run[0];
    }

    @Test
    void aRunOutlivesAKilledSidecarOwnedByTheNextOneAndAStoppedSidecarRecordsItsRunAsInterrupted() throws Exception {
        PythonEnv.program("papermill");
        TinyNotebooks.write(workspace.resolve("sleep.ipynb"), "seconds = 600\noutput_dir = 'x'",
                "import os\nfor name, value in sorted(os.environ.items()):\n    print(name, '=', value)",
                "import time\nprint('SLEEPING', flush=True)\ntime.sleep(seconds)");

        Sidecar first = start("first");
        String id = deploySleeping(first);
        String marker = marker(id);
        assertFalse(ProcessTree.withEnvironment(marker).isEmpty());
        first.process().destroyForcibly();
        assertTrue(first.process().waitFor(PATIENCE_MILLIS, TimeUnit.MILLISECONDS), "the first sidecar did not die of SIGKILL");
        assertFalse(ProcessTree.withEnvironment(marker).isEmpty(), "the run goes on under its guard, with its deadline");

        Sidecar second = start("second");
        await("the second sidecar (pid " + second.process().pid() + ") recording itself as run " + id + "'s owner",
                () -> storedManifest(id).path("owner").asText().contains(":" + second.process().pid() + ":"));
        assertEquals("running", storedManifest(id).get("status").asText(), "re-attached, not lost");
        call(second, "DELETE", "/api/runs/" + id, null);
        JsonNode cancelled = awaitFinal(second, id);
        assertEquals("cancelled", cancelled.get("status").asText(), cancelled.toString());
        assertEquals("cancelled", cancelled.get("failure").get("kind").asText());
        assertEquals(List.of(), ProcessTree.withEnvironment(marker), "no process of the run is left");
        JsonNode stored = storedManifest(id);
        assertEquals("cancelled", stored.get("status").asText());
        assertNull(stored.get("owner"));
        Path runFolder = workspace.resolve(".jupyship/" + RunLayout.prefix(workspace.getFileName().toString(), "sleep.ipynb", id));
        assertTrue(Files.readString(runFolder.resolve(RunLayout.LOG)).contains("SLEEPING"));
        String executed = Files.readString(runFolder.resolve(RunLayout.EXECUTED));
        assertTrue(executed.contains("PATH =") && executed.contains("JUPYSHIP_RUN_ID ="), "the notebook printed its environment");
        assertFalse(Files.exists(jobFolder(id)), "the working folder goes once the outputs are stored");
        assertFalse(Files.exists(workspace.resolve(".jupyship/deploy-work/inputs/" + id + ".ipynb")));

        String interrupted = deploySleeping(second);
        String secondMarker = marker(interrupted);
        second.process().destroy(); // SIGTERM
        assertTrue(second.process().waitFor(PATIENCE_MILLIS, TimeUnit.MILLISECONDS), "the second sidecar did not exit after SIGTERM");
        JsonNode shutdown = storedManifest(interrupted);
        assertEquals("failed", shutdown.get("status").asText(), shutdown.toString());
        assertEquals("interrupted", shutdown.get("failure").get("kind").asText());
        assertEquals("interrupted by shutdown in cell 2, the last cell that started: the sidecar running it was stopped; run it again with rerun",
                shutdown.get("failure").get("summary").asText());
        assertEquals(List.of(), ProcessTree.withEnvironment(secondMarker));
        assertFalse(Files.exists(jobFolder(interrupted)));

        List<Path> leaking = new ArrayList<>();
        try (Stream<Path> files = Files.walk(workspace.resolve(".jupyship"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(TOKEN)) {
                    leaking.add(file);
                }
            }
        }
        assertEquals(List.of(), leaking, "the sidecar's token reaches no file a run left");
    }
}
