package dev.jupyship.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.Notebooks;
import dev.jupyship.testing.PythonEnv;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    @TempDir
    Path workspace;

    private Process jupyter;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startJupyterLab() throws Exception {
        Path jupyterBin = PythonEnv.program("jupyter");
        Path repo = Corpus.repository();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // Through image/start, as scripts/start and the image's entrypoint start it.
        ProcessBuilder builder = new ProcessBuilder(List.of(repo.resolve("image/start").toString(), "lab",
                "--ServerApp.port=" + port, "--ServerApp.port_retries=0", "--IdentityProvider.token=" + JUPYTER_TOKEN))
                .directory(workspace.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workspace.resolveSibling(workspace.getFileName() + "-jupyter.log").toFile());
        builder.environment().put("JUPYSHIP_HOME", repo.toString());
        builder.environment().put("JUPYSHIP_VENV", jupyterBin.getParent().getParent().toString());
        builder.environment().put("JUPYSHIP_JAR", repo.resolve("backend/target/jupyship.jar").toString());
        builder.environment().put("JUPYSHIP_WORKSPACE", workspace.toString());
        builder.environment().put("JUPYSHIP_IP", "127.0.0.1");
        builder.environment().remove("JUPYSHIP_LAUNCHER");
        jupyter = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get("/api/status").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertTrue(jupyter.isAlive(), "JupyterLab exited: " + log());
            Thread.sleep(250);
        }
        throw new AssertionError("JupyterLab did not start in 90 s: " + log());
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
        return Files.readString(workspace.resolveSibling(workspace.getFileName() + "-jupyter.log"));
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

        // Without Jupyter's own credentials the proxy refuses: the sidecar is as private as the notebook server.
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jupyship/api/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(anonymous.statusCode() == 403 || anonymous.statusCode() == 302 || anonymous.statusCode() == 401,
                "status " + anonymous.statusCode());
    }
}
