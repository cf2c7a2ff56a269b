package dev.jupyship.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.api.ServerLimits;
import dev.jupyship.testing.Notebooks;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's HTTP manners and bounds: HEAD and OPTIONS, size limits on files, time limits on clients, 503 past the work bound.
 * The class timeout is a guard against a hang, far beyond what the tests need.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SidecarLimitsTest {

    private static final long MAX_BODY = 2L * 1024 * 1024;

    @TempDir
    Path workspace;

    private final HttpClient http = HttpClient.newHttpClient();

    private SidecarServer start(ServerLimits limits) {
        return SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, MAX_BODY, null).withLimits(limits));
    }

    private HttpResponse<String> send(SidecarServer server, String method, String path, byte[] body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void headAndOptionsAreAnsweredAndWrongMethodsSayWhatIsAllowed() throws Exception {
        try (SidecarServer server = start(ServerLimits.defaults(MAX_BODY))) {
            HttpResponse<String> get = send(server, "GET", "/api/health", null);
            HttpResponse<String> head = send(server, "HEAD", "/api/health", null);
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            assertEquals(String.valueOf(get.body().length()), head.headers().firstValue("Content-Length").orElseThrow());
            assertEquals(200, send(server, "HEAD", "/api/rules", null).statusCode());

            HttpResponse<String> options = send(server, "OPTIONS", "/api/health", null);
            assertEquals(204, options.statusCode());
            assertEquals("GET, HEAD, OPTIONS", options.headers().firstValue("Allow").orElseThrow());
            assertEquals("DELETE, GET, HEAD, OPTIONS", send(server, "OPTIONS", "/api/runs/abc", null).headers().firstValue("Allow").orElseThrow());

            HttpResponse<String> wrong = send(server, "GET", "/api/export", null);
            assertEquals(405, wrong.statusCode());
            assertEquals("OPTIONS, POST", wrong.headers().firstValue("Allow").orElseThrow());
            assertEquals("this route does not take that HTTP method", Jsons.MAPPER.readTree(wrong.body()).get("error").asText());
        }
    }

    @Test
    void workspaceFilesNamedByPathObeyTheBodyLimit() throws Exception {
        Files.write(workspace.resolve("big.ipynb"), Notebooks.bytes("code", "x = 1\n".repeat(600_000)));
        Files.write(workspace.resolve("small.ipynb"), Notebooks.bytes("code", "x = 1"));
        long megabytes = Files.size(workspace.resolve("big.ipynb")) / (1024 * 1024);
        try (SidecarServer server = start(ServerLimits.defaults(MAX_BODY))) {
            byte[] named = "{\"path\": \"big.ipynb\"}".getBytes(StandardCharsets.UTF_8);
            // Every route that reads a workspace file it is given by path, before it reads a byte of it.
            String[][] routes = {{"POST", "/api/lint?standard=false&path=big.ipynb"}, {"POST", "/api/export?path=big.ipynb"},
                    {"GET", "/api/review/diff?path=big.ipynb"}, {"POST", "/api/review/diff?path=big.ipynb"}, {"POST", "/api/test"},
                    {"POST", "/api/deploy/check"}, {"POST", "/api/deploy"}};
            for (String[] route : routes) {
                byte[] body = route[0].equals("GET") ? null : route[1].startsWith("/api/review") ? Notebooks.bytes("code", "x = 2")
                        : route[1].contains("?") ? new byte[0] : named;
                HttpResponse<String> refused = send(server, route[0], route[1], body);
                assertEquals(413, refused.statusCode(), route[0] + " " + route[1] + ": " + refused.body());
                assertEquals("'big.ipynb' is " + megabytes + " MB, larger than the sidecar's limit of 2 MB",
                        Jsons.MAPPER.readTree(refused.body()).get("error").asText(), route[1]);
            }
            assertEquals(200, send(server, "POST", "/api/lint?standard=false&path=small.ipynb", new byte[0]).statusCode());
        }
    }

    @Test
    void clientsTooSlowWithHeadersOrBodiesOrIdleAreCutOff() throws Exception {
        ServerLimits quick = ServerLimits.defaults(MAX_BODY).withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300));
        try (SidecarServer server = start(quick); SlowClients slow = new SlowClients(server.port())) {
            Socket header = slow.headers(1).get(0);
            Socket body = slow.bodies(1).get(0);
            Socket idle = slow.silent(1).get(0);
            // Closed by the server, without an answer they would not read (null would mean still open after 30 s).
            assertEquals("", SlowClients.readToEnd(header, 30_000));
            assertEquals("", SlowClients.readToEnd(body, 30_000));
            assertEquals("", SlowClients.readToEnd(idle, 30_000));
            assertEquals(0, server.activity().bodyBytes());
            assertEquals(200, send(server, "GET", "/api/health", null).statusCode());
        }
    }

    @Test
    void workPastTheBoundIsRefusedWith503AndRetryAfter() throws Exception {
        ServerLimits d = ServerLimits.defaults(MAX_BODY);
        ServerLimits noHeavyRoom = new ServerLimits(d.headerTimeout(), d.bodyTimeout(), d.idleTimeout(), d.writeTimeout(), 1, 0,
                d.lightThreads(), d.lightCapacity(), d.maxFollowers(), d.bufferedBodies(), d.stopTimeout());
        try (SidecarServer server = start(noHeavyRoom)) {
            HttpResponse<String> refused = send(server, "POST", "/api/export", Notebooks.bytes("code", "x = 1"));
            assertEquals(503, refused.statusCode());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
            JsonNode error = Jsons.MAPPER.readTree(refused.body());
            assertEquals("the sidecar is busy with other requests; try again in a moment", error.get("error").asText());
            assertEquals(200, send(server, "GET", "/api/rules", null).statusCode());
            assertEquals(200, send(server, "GET", "/api/health", null).statusCode());
            assertEquals(0, server.activity().heavy());
        }
    }

    @Test
    void bodiesHeldAtOnceAreBounded() throws Exception {
        ServerLimits d = ServerLimits.defaults(MAX_BODY);
        ServerLimits smallBudget = new ServerLimits(d.headerTimeout(), d.bodyTimeout(), d.idleTimeout(), d.writeTimeout(), d.heavyThreads(),
                d.heavyCapacity(), d.lightThreads(), d.lightCapacity(), d.maxFollowers(), 150_000, d.stopTimeout());
        try (SidecarServer server = start(smallBudget); SlowClients slow = new SlowClients(server.port())) {
            slow.bodies(1);  // holds 100,000 bytes of the budget while it trickles
            HttpResponse<String> refused = send(server, "POST", "/api/export", Notebooks.bytes("code", "x = 1\n".repeat(10_000)));
            assertEquals(503, refused.statusCode());
            assertEquals("the sidecar is receiving too many large requests at once; try again in a moment",
                    Jsons.MAPPER.readTree(refused.body()).get("error").asText());
            assertEquals(200, send(server, "POST", "/api/export", Notebooks.bytes("code", "x = 1")).statusCode());
        }
    }
}
