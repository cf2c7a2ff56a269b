package dev.jupyship.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.cli.Main;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.errors.BadInput;
import dev.jupyship.json.Jsons;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.PythonEnv;
import dev.jupyship.testing.WebhookReceiver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar and the CLI alert alike, from the same [alerts] section, on runs that really fail (papermill). */
class AlertsEndToEndTest {

    @TempDir
    Path workspace;

    @Test
    void aFailedRunAlertsOnceWhetherTheSidecarOrTheCliRanIt() throws Exception {
        PythonEnv.program("papermill");
        TinyNotebooks.write(workspace.resolve("broken.ipynb"), "rows = 3", "total = rows * 2", "raise RuntimeError(f'only {total} rows')");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Files.writeString(workspace.resolve(DeployConfig.FILE), "[[alerts.webhook]]\nurl = \"" + receiver.url() + "\"\n");
            try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null)
                    .withVenv(PythonEnv.root()))) {
                HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/deploy")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"broken.ipynb\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(202, started.statusCode(), started.body());
                receiver.awaitRequests(1);
            }

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"deploy", "broken.ipynb", "-w", workspace.toString(), "--venv", PythonEnv.root().toString(),
                    "-p", "rows=4", "--wait"}, new PrintWriter(out), new PrintWriter(err));
            assertNotEquals(0, code, out + "\n" + err);
            List<WebhookReceiver.Received> alerts = receiver.awaitRequests(2);
            assertEquals(2, alerts.size(), "one alert per failed run");
            JsonNode fromSidecar = Jsons.MAPPER.readTree(alerts.get(0).body());
            JsonNode fromCli = Jsons.MAPPER.readTree(alerts.get(1).body());
            for (JsonNode event : List.of(fromSidecar, fromCli)) {
                assertEquals("run_failed", event.path("kind").asText());
                assertEquals("broken.ipynb", event.path("notebook").asText());
                assertEquals("cell-error", event.path("details").path("failure").asText());
            }
            assertTrue(fromSidecar.path("summary").asText().endsWith("failed: cell 3 raised RuntimeError: only 6 rows"), fromSidecar.toString());
            assertTrue(fromCli.path("summary").asText().endsWith("failed: cell 3 raised RuntimeError: only 8 rows"), fromCli.toString());
            assertNotEquals(fromSidecar.path("run").asText(), fromCli.path("run").asText());
        }
    }

    @Test
    void aBadAlertsSectionStopsTheSidecarAndTheCliWithItsField() throws Exception {
        Files.writeString(workspace.resolve(DeployConfig.FILE), "[[alerts.webhook]]\nurl_env = \"JUPYSHIP_TEST_UNSET_WEBHOOK\"\n");
        BadInput refused = assertThrows(BadInput.class, () -> SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null)));
        assertTrue(refused.getMessage().contains("[[alerts.webhook]] 1: url_env names JUPYSHIP_TEST_UNSET_WEBHOOK, which is not set"),
                refused.getMessage());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"cancel", "20261207T063706Z-nlocmc", "-w", workspace.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("url_env names JUPYSHIP_TEST_UNSET_WEBHOOK, which is not set"), err.toString());
        assertFalse(err.toString().contains("Exception"), "a message, not a stack trace: " + err);
    }
}
