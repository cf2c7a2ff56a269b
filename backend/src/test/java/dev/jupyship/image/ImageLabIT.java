package dev.jupyship.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.testing.Container;
import dev.jupyship.testing.Docker;
import dev.jupyship.testing.RuntimeImage;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The image as the notebook pod: its default command serves JupyterLab on port 8888 with the jupyship
 * extension, and the sidecar behind jupyter-server-proxy. No network: everything is asked from inside
 * the container, on its own loopback, where its health check asks too.
 */
class ImageLabIT {

    @RegisterExtension
    static final RuntimeImage IMAGE = new RuntimeImage();

    private static final String TOKEN = "image-it-token";
    private static final String LAB = "http://127.0.0.1:8888";
    private static Container lab;

    @BeforeAll
    static void startJupyterLab() throws Exception {
        // The image's health check, at a test's pace: the command stays the image's own.
        lab = IMAGE.start(List.of("--network", "none", "--health-interval", "2s", "--health-start-period", "120s"),
                "lab", "--IdentityProvider.token=" + TOKEN);
        lab.await(Duration.ofMinutes(3), "JupyterLab to answer", c -> c.get(LAB + "/api/status", TOKEN).status() == 200);
    }

    @Test
    void theExtensionIsInstalledAndItsFilesAreServed() throws Exception {
        // jupyter labextension list writes its list to stderr.
        Docker.Result list = lab.exec("jupyter", "labextension", "list");
        String listed = list.ok() + list.err();
        assertTrue(Pattern.compile("jupyship-lab v\\S+ \\S*enabled\\S* \\S*OK").matcher(listed).find(), listed);

        // The page tells the browser where the prebuilt extension's entry point is; the server serves it.
        Container.Answer page = lab.get(LAB + "/lab", TOKEN);
        assertEquals(200, page.status(), page.body());
        Matcher config = Pattern.compile("<script id=\"jupyter-config-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
                .matcher(page.body());
        assertTrue(config.find(), page.body());
        JsonNode ours = null;
        for (JsonNode extension : Jsons.MAPPER.readTree(config.group(1)).path("federated_extensions")) {
            ours = extension.path("name").asText().equals("jupyship-lab") ? extension : ours;
        }
        assertTrue(ours != null, "jupyship-lab is not among the page's extensions: " + config.group(1));
        Container.Answer entry = lab.get(LAB + "/lab/extensions/jupyship-lab/" + ours.path("load").asText(), TOKEN);
        assertEquals(200, entry.status(), entry.body());
        assertTrue(entry.body().contains("jupyship-lab"), "the entry point is the extension's");
    }

    @Test
    void theSidecarAnswersThroughTheProxyWithJupytersTokenOnly() throws Exception {
        Container.Answer health = lab.get(LAB + "/jupyship/api/health", TOKEN);
        assertEquals(200, health.status(), health.body() + lab.logs());
        assertEquals("ok", Jsons.MAPPER.readTree(health.body()).path("status").asText(), health.body());

        // jupyter-server-proxy's ProxyHandler.prepare applies tornado's web.authenticated: a GET without a user is redirected to
        // Jupyter's login page (302; only a websocket upgrade gets a 403), and never reaches the sidecar.
        Container.Answer anonymous = lab.get(LAB + "/jupyship/api/health", "");
        assertEquals(302, anonymous.status(), "without the token: " + anonymous.body());
    }

    @Test
    void everyProcessRunsAsUid1000() throws Exception {
        assertEquals("1000", lab.exec("id", "-u").ok().strip());
        // Seen from the host: tini, JupyterLab and the sidecar's JVM (started by the proxy above, or now).
        lab.get(LAB + "/jupyship/api/health", TOKEN);
        List<Container.Proc> processes = lab.processes();
        assertTrue(processes.stream().anyMatch(p -> p.commandLine().contains("jupyship.jar")), processes.toString());
        assertTrue(processes.stream().allMatch(p -> p.uid() == 1000), processes.toString());
    }

    @Test
    void itsHealthCheckPasses() throws Exception {
        assertEquals("[\"CMD\",\"/opt/jupyship/image/start\",\"health\"]", lab.inspect("{{json .Config.Healthcheck.Test}}"));
        lab.await(Duration.ofMinutes(1), "the health check to pass", c -> c.inspect("{{.State.Health.Status}}").equals("healthy"));
    }
}
