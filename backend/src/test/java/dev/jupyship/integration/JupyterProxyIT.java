package dev.jupyship.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.json.Jsons;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.Notebooks;
import dev.jupyship.testing.PythonEnv;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev set-up end to end: image/start (the entrypoint of scripts/start and of the image) runs a
 * real JupyterLab from the project's venv with the project's jupyter_server_config.py, which starts
 * the packaged sidecar through bin/jupyship behind jupyter-server-proxy, and the sidecar answers on
 * JupyterLab's own origin.
 */
class JupyterProxyIT {

    private static final String JUPYTER_TOKEN = "it-token";

    /** The test's own folder: the workspace, JupyterLab's log and its runtime folder (where it says which port it took). */
    @TempDir
    Path folder;
    private Path workspace;

    private Process jupyter;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startJupyterLab() throws Exception {
        Path jupyterBin = PythonEnv.program("jupyter");
        Path repo = Corpus.repository();
        workspace = Files.createDirectories(folder.resolve("work"));
        Path runtime = folder.resolve("jupyter-runtime");
        // Through image/start, as scripts/start and the image's entrypoint start it; on a port of its own choosing.
        ProcessBuilder builder = new ProcessBuilder(List.of(repo.resolve("image/start").toString(), "lab",
                "--ServerApp.port=0", "--IdentityProvider.token=" + JUPYTER_TOKEN))
                .directory(workspace.toFile())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("jupyter.log").toFile());
        builder.environment().put("JUPYTER_RUNTIME_DIR", runtime.toString());
        builder.environment().put("JUPYSHIP_HOME", repo.toString());
        builder.environment().put("JUPYSHIP_VENV", jupyterBin.getParent().getParent().toString());
        builder.environment().put("JUPYSHIP_JAR", repo.resolve("backend/target/jupyship.jar").toString());
        builder.environment().put("JUPYSHIP_WORKSPACE", workspace.toString());
        builder.environment().put("JUPYSHIP_IP", "127.0.0.1");
        builder.environment().remove("JUPYSHIP_LAUNCHER");
        jupyter = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            port = port == 0 ? serverPort(runtime) : port;
            try {
                if (port != 0 && get("/api/status").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertTrue(jupyter.isAlive(), "JupyterLab exited: " + log());
            Thread.sleep(250);
        }
        throw new AssertionError("JupyterLab did not start in 180 s: " + log());
    }

    /** The port in the server's runtime file ({@code jpserver-<pid>.json}, written once it listens), or 0 before. */
    private static int serverPort(Path runtime) throws IOException {
        if (!Files.isDirectory(runtime)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(runtime)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("jpserver-\\d+\\.json")).toList()) {
                try {
                    return Jsons.MAPPER.readTree(file.toFile()).path("port").asInt(0);
                } catch (IOException halfWritten) {
                    // read again on the next turn
                }
            }
        }
        return 0;
    }

    @AfterEach
    void stop() throws Exception {
        if (jupyter != null) {
            jupyter.descendants().forEach(ProcessHandle::destroy);
            jupyter.destroy();
            jupyter.waitFor();
        }
    }

    private String log() throws IOException {
        return Files.readString(folder.resolve("jupyter.log"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "token " + JUPYTER_TOKEN).timeout(Duration.ofSeconds(90)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSidecarAnswersThroughJupyterLabsOwnOrigin() throws Exception {
        HttpResponse<String> health = get("/jupyship/api/health");
        assertEquals(200, health.statusCode(), health.body() + log());
        assertTrue(health.body().contains("\"status\":\"ok\""), health.body());

        HttpResponse<String> export = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jupyship/api/export?header=false"))
                .header("Authorization", "token " + JUPYTER_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Notebooks.bytes("code", "print('hi')"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, export.statusCode(), export.body());
        assertTrue(export.body().endsWith("print('hi')\n"), export.body());

        // Without Jupyter's own credentials the proxy refuses: the sidecar is as private as the notebook server. jupyter-server-proxy's
        // ProxyHandler.prepare applies tornado's web.authenticated to every request but a websocket upgrade (403): a GET without a
        // user is redirected to Jupyter's login page (302, the proxy being a page handler, not an API one), and never reaches the sidecar.
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jupyship/api/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, anonymous.statusCode(), anonymous.body());
        assertEquals("/login?next=%2Fjupyship%2Fapi%2Fhealth", anonymous.headers().firstValue("Location").orElse(null));
    }
}
