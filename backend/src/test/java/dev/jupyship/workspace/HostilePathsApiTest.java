package dev.jupyship.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.GitRepo;
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

    /** What a route does with the path: reads the file, takes it for its configuration only, or takes it as a name. */
    private enum Use { READS, CONFIG, NAME }

    private record Route(String label, Use use, String method, String pathAndQuery, String bodyField) {
    }

    private record Outcome(int status, String fragment) {
    }

    /**
     * A hostile path; {@code file} is what routes that resolve it in the workspace answer, {@code name}
     * what the runs routes answer, which take it as a notebook's name and read no file.
     */
    private record Case(String label, String value, Outcome file, Outcome name) {
    }

    private static final Outcome OUTSIDE = new Outcome(403, "is outside the workspace; only files under the workspace folder can be used");
    private static final Outcome ABSOLUTE = new Outcome(400, "is absolute; give it relative to the workspace");
    private static final Outcome MISSING = new Outcome(404, "");
    private static final Outcome NO_RUNS = new Outcome(200, "");
    private static final String NAMES = "; names with a backslash, a NUL or a control character are refused (folders are separated by /)";

    private static Outcome refused(String character, int at) {
        return new Outcome(400, "holds " + character + " at character " + at + NAMES);
    }

    @TempDir
    Path base;

    private final HttpClient http = HttpClient.newHttpClient();

    private List<Case> cases(Path outside) {
        Outcome backslash = refused("a backslash (\\)", 3);
        List<Case> cases = new ArrayList<>(List.of(
                new Case("..", "../outside/secret.ipynb", OUTSIDE, OUTSIDE),
                new Case(".. past a folder", "sub/../../outside/secret.ipynb", OUTSIDE, OUTSIDE),
                new Case(".. past a file", "ok.ipynb/../../outside/secret.ipynb", OUTSIDE, OUTSIDE),
                new Case("absolute, outside", outside.resolve("secret.ipynb").toString(), OUTSIDE, ABSOLUTE),
                new Case("absolute, system", "/etc/passwd", OUTSIDE, ABSOLUTE),
                new Case("encoded (once decoded)", "%2e%2e%2foutside%2fsecret.ipynb", MISSING, NO_RUNS),
                new Case("double-encoded", "%252e%252e%252foutside%252fsecret.ipynb", MISSING, NO_RUNS),
                new Case("backslash, a workspace file of that name", "..\\outside\\secret.ipynb", backslash, backslash),
                new Case("backslash, a text file", "..\\outside\\notes.txt", backslash, backslash),
                new Case("backslash to /etc/passwd", "..\\..\\..\\..\\..\\..\\etc\\passwd", backslash, backslash),
                new Case("backslash and slash", "sub\\..\\..\\outside/secret.ipynb", refused("a backslash (\\)", 4), refused("a backslash (\\)", 4)),
                new Case("NUL", "ok.ipynb\u0000../outside/secret.ipynb", refused("a NUL character (U+0000)", 9), refused("a NUL character (U+0000)", 9)),
                new Case("newline", "ok\n.ipynb", refused("a control character (U+000A)", 3), refused("a control character (U+000A)", 3)),
                new Case("terminal escape", "\u001b[2Jok.ipynb", refused("a control character (U+001B)", 1), refused("a control character (U+001B)", 1)),
                new Case("DEL", "ok\u007f.ipynb", refused("a control character (U+007F)", 3), refused("a control character (U+007F)", 3)),
                new Case("C1 control", "ok\u0085.ipynb", refused("a control character (U+0085)", 3), refused("a control character (U+0085)", 3)),
                new Case("symlink to a file outside", "link.ipynb", OUTSIDE, NO_RUNS),
                new Case("symlink to a folder outside", "linkdir/secret.ipynb", OUTSIDE, NO_RUNS),
                new Case("new file in a linked folder", "linkdir/new.ipynb", OUTSIDE, NO_RUNS),
                new Case("dangling symlink", "dangling.ipynb", OUTSIDE, NO_RUNS),
                new Case("very long name", "n".repeat(300) + ".ipynb",
                        new Outcome(400, "has a name longer than 255 bytes"), new Outcome(400, "has a name longer than 255 bytes")),
                new Case("very long path", "d/".repeat(2100) + "x.ipynb",
                        new Outcome(400, "is longer than 4096 characters"), new Outcome(400, "is longer than 4096 characters"))));
        return cases;
    }

    private static List<Route> routes() {
        return List.of(
                new Route("export", Use.READS, "POST", "/api/export?path=", null),
                new Route("review diff", Use.READS, "GET", "/api/review/diff?path=", null),
                new Route("lint", Use.READS, "POST", "/api/lint?path=", null),
                new Route("lint fix", Use.CONFIG, "POST", "/api/lint/fix?rule=JS103&path=", null),
                new Route("lint ignore", Use.CONFIG, "POST", "/api/lint/ignore?rule=F401&path=", null),
                new Route("test", Use.READS, "POST", "/api/test", "path"),
                new Route("deploy", Use.READS, "POST", "/api/deploy", "path"),
                new Route("deploy check", Use.READS, "POST", "/api/deploy/check", "path"),
                new Route("runs", Use.NAME, "GET", "/api/runs?notebook=", null),
                new Route("run metrics", Use.NAME, "GET", "/api/runs/metrics?notebook=", null));
    }

    @Test
    void everyHostilePathIsRefusedOnEveryRouteWithNothingReadOrWrittenOutside() throws Exception {
        OutsideWorld world = OutsideWorld.create(base, "workspace");
        Path workspace = world.workspace();
        try (GitRepo repo = GitRepo.init(workspace)) {
            repo.write("ok.ipynb", Notebooks.of("code", "inside = 1"));
            repo.commit("a notebook", "ok.ipynb");
        }
        Files.write(workspace.resolve("..\\outside\\secret.ipynb"), Notebooks.bytes("code", "inside = 2"));
        Files.createSymbolicLink(workspace.resolve("link.ipynb"), world.outside().resolve("secret.ipynb"));
        Files.createSymbolicLink(workspace.resolve("linkdir"), world.outside().resolve("folder"));
        Files.createSymbolicLink(workspace.resolve("dangling.ipynb"), world.outside().resolve("missing.ipynb"));
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
            assertEquals(200, send(server, routes().get(8), "").statusCode(), "deploy is open, so its routes answer for themselves");
            for (Case hostile : cases(world.outside())) {
                for (Route route : routes()) {
                    Outcome expected = route.use() == Use.NAME ? hostile.name()
                            : route.use() == Use.CONFIG && hostile.file() == MISSING ? new Outcome(200, "") : hostile.file();
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
        assertEquals(22 * 10, sent);
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
                : route.use() == Use.CONFIG ? Notebooks.bytes("code", "x = 1") : new byte[0];
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
