package dev.jupyship.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.testing.SidecarHttp;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.PythonEnv;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST, poll and cancel interface tests through the real sidecar. */
class InterfaceTestApiIT {

    @TempDir
    Path workspace;

    private SidecarServer server;

    @BeforeEach
    void start() throws Exception {
        Examples.python();
        for (String name : new String[] {"quickstart.ipynb", "broken/infinite_loop.ipynb"}) {
            Path target = workspace.resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(Examples.root().resolve(name), target);
        }
        server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null).withVenv(PythonEnv.root()));
    }

    @AfterEach
    void stop() {
        if (server != null) { // null when the set-up was skipped for want of papermill
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return SidecarHttp.send(server, method, path, body);
    }

    private String startTest(String path) throws Exception {
        HttpResponse<String> started = send("POST", "/api/test", "{\"path\": \"" + path + "\"}");
        assertEquals(202, started.statusCode(), started.body());
        return Jsons.MAPPER.readTree(started.body()).get("id").asText();
    }

    private JsonNode poll(String id, Set<String> seen, String... until) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = send("GET", "/api/test/" + id, null);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode status = Jsons.MAPPER.readTree(response.body());
            seen.add(status.get("progress").asText());
            for (String wanted : until) {
                if (status.get("progress").asText().startsWith(wanted)) {
                    return status;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + String.join("/", until) + " within 90 s; saw " + seen);
    }

    @Test
    void startPollPass() throws Exception {
        String id = startTest("quickstart.ipynb");
        Set<String> seen = new LinkedHashSet<>();
        JsonNode done = poll(id, seen, "passed", "failed");
        assertEquals("passed", done.get("status").asText(), done.toString());
        assertTrue(seen.stream().anyMatch(s -> s.matches("running cell \\d of 5")), seen.toString());
        assertTrue(done.get("executedNotebook").asText().startsWith(".jupyship/test-runs/" + id), done.toString());
        assertTrue(Files.isRegularFile(workspace.resolve(done.get("executedNotebook").asText())));
        assertTrue(done.get("checks").size() >= 5, done.toString());
        assertEquals(200, send("GET", "/api/health", null).statusCode());
    }

    @Test
    void cancelARunningTest() throws Exception {
        String id = startTest("broken/infinite_loop.ipynb");
        poll(id, new LinkedHashSet<>(), "running cell 3");
        HttpResponse<String> cancelled = send("DELETE", "/api/test/" + id, null);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        JsonNode done = poll(id, new LinkedHashSet<>(), "cancelled");
        assertEquals("cancelled", done.get("status").asText());
        assertEquals(200, send("GET", "/api/health", null).statusCode());
    }

    @Test
    void badRequestsAreClear() throws Exception {
        assertEquals(404, send("GET", "/api/test/nope", null).statusCode());
        assertEquals(404, send("DELETE", "/api/test/nope", null).statusCode());
        HttpResponse<String> missing = send("POST", "/api/test", "{\"path\": \"absent.ipynb\"}");
        assertEquals(404, missing.statusCode());
        assertEquals(400, send("POST", "/api/test", "{\"nopath\": 1}").statusCode());
        // A well-formed path that leads out of the workspace: Workspace.resolve refuses it (Refused, which ErrorMapper answers
        // with 403), not a malformed request (400). The request itself passes RequestGuard: a JSON body, Host 127.0.0.1, no token set.
        HttpResponse<String> outside = send("POST", "/api/test", "{\"path\": \"../x.ipynb\"}");
        assertEquals(403, outside.statusCode(), outside.body());
        assertTrue(outside.body().contains("'../x.ipynb' is outside the workspace"), outside.body());
    }
}
