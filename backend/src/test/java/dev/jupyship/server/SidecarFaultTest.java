package dev.jupyship.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.json.Jsons;
import dev.jupyship.api.ServerLimits;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.testing.Notebooks;
import dev.jupyship.testing.PythonEnv;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar under clients that misbehave: slow senders, followers that never read or die, and a
 * SIGTERM with all of them connected. Each waits with generous bounds; the figures (health latency
 * under load, memory over a soak) are bench/sidecar's. The class timeout is a guard against a hang,
 * far beyond what the tests need; every wait inside has its own bound and says what it awaited.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SidecarFaultTest {

    private static final long MAX_BODY = 8L * 1024 * 1024;
    /** How long a wait may last before the test gives up: far beyond what any of it needs. */
    private static final long PATIENCE_MILLIS = 60_000;
    /** What a stopped sidecar's JVM may take past its stop timeout to exit (shutdown hooks, the run's record). */
    private static final Duration JVM_EXIT_MARGIN = Duration.ofSeconds(5);

    @TempDir
    Path workspace;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitValue(String what, int expected, IntSupplier actual) throws InterruptedException {
        long end = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (actual.getAsInt() != expected && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertEquals(expected, actual.getAsInt(), what + " did not reach " + expected + " within " + PATIENCE_MILLIS / 1000 + " s");
    }

    @Test
    void healthIsAnsweredWhileSlowClientsHoldConnectionsAndLintRuns() throws Exception {
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, MAX_BODY, null));
             SlowClients slow = new SlowClients(server.port())) {
            slow.headers(50);
            slow.bodies(50);
            slow.silent(50);
            awaitValue("the slow bodies' bytes held", 50 * 100_000, () -> (int) server.activity().bodyBytes());
            // Slow bodies hold bytes, never a thread.
            assertEquals(0, server.activity().heavy());

            byte[] notebook = Notebooks.bytes("code", "import os\nx = 1\nprint(x)\n".repeat(50), "markdown", "# Notes");
            AtomicBoolean loading = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(8);
            List<Future<Integer>> lints = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                lints.add(load.submit(() -> {
                    int answered = 0;
                    while (loading.get()) {
                        HttpResponse<String> lint = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/api/lint?standard=false")).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(notebook)).build(), HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, lint.statusCode(), lint.body());
                        answered++;
                    }
                    return answered;
                }));
            }
            for (int i = 0; i < 200; i++) {
                HttpResponse<String> health = send(server.port(), "GET", "/api/health", null);
                assertEquals(200, health.statusCode());
                assertEquals("ok", Jsons.MAPPER.readTree(health.body()).get("status").asText());
            }
            loading.set(false);
            for (Future<Integer> lint : lints) {
                assertTrue(lint.get() > 0);
            }
            load.shutdown();
            awaitValue("the heavy requests in flight after the load", 0, () -> server.activity().heavy());
        }
    }

    /** A run that prints nothing for a long time, as followed logs met it in the field. */
    private String silentRun(int port) throws Exception {
        TinyNotebooks.write(workspace.resolve("quiet.ipynb"), "seconds = 300", "import time\nprint('sleeping', flush=True)\ntime.sleep(seconds)");
        HttpResponse<String> deployed = send(port, "POST", "/api/deploy", "{\"path\": \"quiet.ipynb\", \"force\": true}");
        assertEquals(202, deployed.statusCode(), deployed.body());
        String run = Jsons.MAPPER.readTree(deployed.body()).get("id").asText();
        // From here on the log is silent: a follower learns that its client left only by watching the connection.
        long end = System.currentTimeMillis() + PATIENCE_MILLIS;
        String log;
        do {
            Thread.sleep(100);
            log = send(port, "GET", "/api/runs/" + run + "/log", null).body();
        } while (!log.contains("sleeping") && System.currentTimeMillis() < end);
        assertTrue(log.contains("sleeping"), "the run did not print 'sleeping' within " + PATIENCE_MILLIS / 1000 + " s: " + log);
        return run;
    }

    private void awaitEnd(int port, String run) throws Exception {
        long end = System.currentTimeMillis() + PATIENCE_MILLIS;
        String status;
        do {
            Thread.sleep(100);
            status = Jsons.MAPPER.readTree(send(port, "GET", "/api/runs/" + run, null).body()).get("status").asText();
        } while (!status.equals("cancelled") && System.currentTimeMillis() < end);
        assertEquals("cancelled", status, "run " + run + " was not cancelled within " + PATIENCE_MILLIS / 1000 + " s");
    }

    @Test
    void followersThatDieFreeTheirStreams() throws Exception {
        PythonEnv.program("papermill");
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, MAX_BODY, null)
                .withVenv(PythonEnv.root()))) {
            String run = silentRun(server.port());
            try (SlowClients followers = new SlowClients(server.port())) {
                followers.follows(17, run);
                awaitValue("the log followers connected", 17, () -> server.activity().followers());
                // None holds a thread: health and the light routes answer.
                assertEquals(0, server.activity().light());
                assertEquals(200, send(server.port(), "GET", "/api/health", null).statusCode());
                assertEquals(200, send(server.port(), "GET", "/api/runs/" + run, null).statusCode());
            }
            // The clients are gone (their sockets closed, as when the process dies): so are their streams.
            awaitValue("the log followers left once their clients closed", 0, () -> server.activity().followers());
            assertEquals(202, send(server.port(), "DELETE", "/api/runs/" + run, null).statusCode());
            awaitEnd(server.port(), run);
        }
    }

    @Test
    void aStopDropsSlowClientsAtOnce() throws Exception {
        ServerLimits limits = ServerLimits.defaults(MAX_BODY).withStopTimeout(Duration.ofSeconds(3));
        SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, MAX_BODY, null).withLimits(limits));
        try (SlowClients clients = new SlowClients(server.port())) {
            List<Socket> bodies = clients.bodies(20);
            clients.headers(20);
            clients.silent(20);
            awaitValue("the slow bodies' bytes held", 20 * 100_000, () -> (int) server.activity().bodyBytes());
            try {
                CompletableFuture.runAsync(server::close).get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the sidecar did not stop within " + PATIENCE_MILLIS / 1000 + " s with slow clients connected", e);
            }
            for (Socket body : bodies) {
                assertEquals("", SlowClients.readToEnd(body, 30_000));
            }
            assertEquals(0, server.activity().bodyBytes());
        }
    }

    /**
     * A whole 200 answer whose framing says where the log ends (a client can tell the log ended, not
     * the connection broke): a followed stream's chunked body ended by its last chunk, or, for a
     * follow that reached a stopping sidecar before its stream began (the run already ended there),
     * the whole log with its length.
     */
    private static void assertComplete(String answer) {
        assertNotNull(answer, "the followed log was not ended");
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
        if (answer.contains("\r\nTransfer-Encoding: chunked\r\n")) {
            assertTrue(answer.endsWith("\r\n0\r\n\r\n"), "a chunked body without its last chunk: " + answer);
            return;
        }
        Matcher length = Pattern.compile("\r\nContent-Length: (\\d+)\r\n").matcher(answer);
        assertTrue(length.find(), "neither chunked nor of a stated length: " + answer);
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertEquals(Integer.parseInt(length.group(1)), body.getBytes(StandardCharsets.UTF_8).length, "a body cut short: " + answer);
    }

    /**
     * SIGTERM with the default stop timeout, stuck clients connected and a run in flight: the process
     * exits within that timeout (the product's bound, 10 s) plus a margin for the JVM's own exit.
     */
    @Test
    void sigtermStopsTheProcessWithinTheDefaultStopTimeoutWithStuckClientsConnected() throws Exception {
        PythonEnv.program("papermill");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.jupyship.cli.Main", "serve",
                "--workspace", workspace.toString(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JUPYSHIP_VENV", PythonEnv.root().toString());
        builder.environment().remove("JUPYSHIP_TOKEN");
        Process sidecar = builder.start();
        List<ProcessHandle> started = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(sidecar.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the sidecar printed nothing");
            int port = Integer.parseInt(line.replaceAll(".*:(\\d+)/api/health.*", "$1"));
            String run = silentRun(port);
            try (SlowClients clients = new SlowClients(port)) {
                List<Socket> follows = clients.follows(17, run);
                clients.bodies(20);
                clients.headers(50);
                assertEquals(200, send(port, "GET", "/api/health", null).statusCode());
                sidecar.descendants().forEach(started::add);
                Duration stopTimeout = ServerLimits.defaults(MAX_BODY).stopTimeout();
                assertEquals(Duration.ofSeconds(10), stopTimeout);
                Duration bound = stopTimeout.plus(JVM_EXIT_MARGIN);
                sidecar.destroy();  // SIGTERM
                assertTrue(sidecar.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS),
                        "the sidecar did not exit within its default stop timeout (" + stopTimeout.toSeconds() + " s) plus "
                                + JVM_EXIT_MARGIN.toSeconds() + " s for the JVM's exit after SIGTERM");
                assertEquals(143, sidecar.exitValue());
                for (Socket follow : follows) {
                    assertComplete(SlowClients.readToEnd(follow, 30_000));
                }
            }
        } finally {
            sidecar.destroyForcibly();
            // The run's notebook process is not the subject here: it must not outlive the test.
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
