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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sidecars, each a JVM of its own on the test classpath with a token in its environment, and
 * real papermill runs of a notebook that prints its environment and then sleeps: a sidecar killed
 * with SIGKILL mid-run leaves nothing unowned (the next one re-attaches to the run, and DELETE stops
 * it); one stopped with SIGTERM records its run as interrupted by shutdown; the token reaches no
 * stored file; no working folder outlives a stored run.
 */
class SidecarProcessRunsTest {

    private static final String TOKEN = "sidecar-token-" + java.util.UUID.randomUUID();
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

    private Sidecar start(String name) throws Exception {
        Path out = logs.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jupyship.cli.Main", "serve", "-w", workspace.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("JUPYSHIP_TOKEN", TOKEN);
        builder.environment().put("JUPYSHIP_VENV", PythonEnv.root().toString());
        Process process = builder.start();
        sidecars.add(process);
        while (process.isAlive()) {
            Matcher port = LISTENING.matcher(Files.exists(out) ? Files.readString(out) : "");
            if (port.find()) {
                return new Sidecar(process, Integer.parseInt(port.group(1)));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the sidecar stopped at start: " + Files.readString(out));
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
        while (!log(id).contains("SLEEPING")) {
            Thread.sleep(100);
        }
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
        JsonNode run = call(sidecar, "GET", "/api/runs/" + id, null);
        while (run.get("status").asText().matches("queued|running")) {
            Thread.sleep(100);
            run = call(sidecar, "GET", "/api/runs/" + id, null);
        }
        return run;
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
        first.process().waitFor();
        assertFalse(ProcessTree.withEnvironment(marker).isEmpty(), "the run goes on under its guard, with its deadline");

        Sidecar second = start("second");
        String owner = "";
        while (!owner.contains(":" + second.process().pid() + ":")) {
            Thread.sleep(100);
            owner = storedManifest(id).path("owner").asText();
        }
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
        second.process().waitFor();
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
