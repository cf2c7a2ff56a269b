package dev.jupyship.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.GitRepo;
import dev.jupyship.testing.HostilePaths;
import dev.jupyship.testing.Notebooks;
import dev.jupyship.testing.OutsideWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile path of one list, sent to every route of a live sidecar that takes a path or a
 * notebook name: each is refused with the status and message its kind calls for, no answer shows a
 * byte of what lies outside the workspace, nothing outside changes, and no refusal logs a stack trace.
 */
class HostilePathsApiTest {

    /**
     * What a route does with the path: reads the file, reads it as the older side of a posted notebook
     * (a new file is absent there), takes it for its configuration only, or takes it as a name.
     */
    private enum Use { READS, POSTED, CONFIG, NAME }

    private record Route(String label, Use use, String method, String pathAndQuery, String bodyField) {
    }

    private record Outcome(int status, String fragment) {
    }

    private static final Outcome OUTSIDE = new Outcome(403, "is outside the workspace; only files under the workspace folder can be used");
    private static final Outcome ABSOLUTE = new Outcome(400, "is absolute; give it relative to the workspace");
    private static final Outcome MISSING = new Outcome(404, "");
    private static final Outcome NO_RUNS = new Outcome(200, "");

    @TempDir
    Path base;

    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * What a route answers to a hostile path: routes that resolve it in the workspace, by its kind; the
     * runs routes, which take it as a notebook's name and read no file, the same but for what only a
     * file could be (absolute names are refused as such; encoded names and links are names of no runs).
     */
    private static Outcome expected(Route route, HostilePaths.Hostile hostile) {
        Outcome file = switch (hostile.kind()) {
            case CLIMBS, ABSOLUTE, SYMLINK -> OUTSIDE;
            case ENCODED -> MISSING;
            case NAME -> new Outcome(400, hostile.refusal());
        };
        if (route.use() == Use.NAME) {
            return switch (hostile.kind()) {
                case ABSOLUTE -> ABSOLUTE;
                case ENCODED, SYMLINK -> NO_RUNS;
                case CLIMBS, NAME -> file;
            };
        }
        return (route.use() == Use.CONFIG || route.use() == Use.POSTED) && file == MISSING ? new Outcome(200, "") : file;
    }

    private static List<Route> routes() {
        return List.of(
                new Route("export", Use.READS, "POST", "/api/export?path=", null),
                new Route("review diff", Use.READS, "GET", "/api/review/diff?path=", null),
                new Route("review diff of a posted notebook", Use.POSTED, "POST", "/api/review/diff?path=", null),
                new Route("lint", Use.READS, "POST", "/api/lint?path=", null),
                new Route("lint fix", Use.CONFIG, "POST", "/api/lint/fix?rule=JS103&path=", null),
                new Route("lint ignore", Use.CONFIG, "POST", "/api/lint/ignore?rule=F401&path=", null),
                new Route("test", Use.READS, "POST", "/api/test", "path"),
                new Route("deploy", Use.READS, "POST", "/api/deploy", "path"),
                new Route("deploy check", Use.READS, "POST", "/api/deploy/check", "path"),
                new Route("runs", Use.NAME, "GET", "/api/runs?notebook=", null),
                new Route("run metrics", Use.NAME, "GET", "/api/runs/metrics?notebook=", null),
                new Route("schedule", Use.READS, "POST", "/api/schedules", "notebook"),
                new Route("schedules of a notebook", Use.NAME, "GET", "/api/schedules?notebook=", null));
    }

    @Test
    void everyHostilePathIsRefusedOnEveryRouteWithNothingReadOrWrittenOutside() throws Exception {
        OutsideWorld world = OutsideWorld.create(base, "workspace");
        Path workspace = world.workspace();
        try (GitRepo repo = GitRepo.init(workspace)) {
            repo.write("ok.ipynb", Notebooks.of("code", "inside = 1"));
            repo.commit("a notebook", "ok.ipynb");
        }
        HostilePaths.plant(world);
        Map<String, String> before = world.snapshot();
        List<LogRecord> traces = new ArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getThrown() != null) {
                    traces.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(recorder);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null))) {
            assertEquals(200, send(server, routes().get(9), "").statusCode(), "deploy is open, so its routes answer for themselves");
            for (HostilePaths.Hostile hostile : HostilePaths.all(world.outside())) {
                for (Route route : routes()) {
                    Outcome expected = expected(route, hostile);
                    HttpResponse<String> response = send(server, route, hostile.value());
                    sent++;
                    String where = route.label() + " with " + hostile.label() + ": " + response.statusCode() + " " + abbreviated(response.body());
                    if (response.body().contains(OutsideWorld.SENTINEL)) {
                        failures.add(where + " -- shows what is outside");
                    }
                    if (response.statusCode() != expected.status()) {
                        failures.add(where + " -- expected " + expected.status());
                        continue;
                    }
                    if (expected.status() >= 400) {
                        JsonNode error = Jsons.MAPPER.readTree(response.body());
                        if (!error.path("error").asText().contains(expected.fragment())) {
                            failures.add(where + " -- expected the message to say '" + expected.fragment() + "'");
                        }
                    }
                }
            }
        } finally {
            root.removeHandler(recorder);
        }
        assertEquals(List.of(), failures, String.join("\n", failures));
        assertEquals(HostilePaths.all(world.outside()).size() * routes().size(), sent);
        assertEquals(22 * 13, sent);
        assertEquals(before, world.snapshot(), "nothing outside the workspace was written");
        assertTrue(traces.isEmpty(), () -> "refusals log no stack trace: " + traces.stream().map(LogRecord::getMessage).toList());
        assertFalse(Files.exists(world.outside().resolve("missing.ipynb")));
    }

    @Test
    void aPathThatIsNotAStringIsNamedAsSuch() throws Exception {
        OutsideWorld world = OutsideWorld.create(base, "workspace");
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(world.workspace(), "127.0.0.1", 0, 1 << 20, null))) {
            for (String route : List.of("/api/deploy", "/api/deploy/check", "/api/test")) {
                for (String[] body : new String[][] {{"[\"a\"]", "an array"}, {"{\"a\": 1}", "an object"}, {"7", "a number"}, {"true", "true or false"}}) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + route))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"path\": " + body[0] + "}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(400, response.statusCode(), route + " " + response.body());
                    assertEquals("'path' must be a string, not " + body[1], Jsons.MAPPER.readTree(response.body()).get("error").asText(), route);
                }
            }
        }
    }

    private HttpResponse<String> send(SidecarServer server, Route route, String value) throws Exception {
        String target = route.bodyField() == null ? route.pathAndQuery() + percentEncoded(value) : route.pathAndQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target));
        if (route.method().equals("GET")) {
            return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        byte[] body = route.bodyField() != null ? Jsons.MAPPER.writeValueAsBytes(Map.of(route.bodyField(), value))
                : route.use() == Use.CONFIG || route.use() == Use.POSTED ? Notebooks.bytes("code", "x = 1") : new byte[0];
        request.header("X-XSRFToken", "t");
        if (body.length > 0) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every byte as %XX, so each path also travels in its encoded form. */
    private static String percentEncoded(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            encoded.append('%').append(String.format("%02X", b & 0xff));
        }
        return encoded.toString();
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
