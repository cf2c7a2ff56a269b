package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.json.Jsons;
import dev.jupyship.server.SidecarServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/runs pages through a long history, newest first, without repeating or losing a run. */
class RunsPagingTest {

    @TempDir
    Path workspace;

    @Test
    void pagesFollowNextToTheEnd() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(workspace.resolve(".jupyship"));
        Instant now = Instant.parse("2026-11-28T00:00:00Z");
        for (int i = 0; i < 250; i++) {
            Instant at = now.minusSeconds(i);
            RunManifest run = new RunManifest(RunLayout.newId(at), "p", "nb.ipynb", null, GitFacts.NONE, Map.of("i", i),
                    "img", "dev", "local", RunStatus.SUCCEEDED, at, at, at, null, Map.of(), null, null, null, null, null, null, null);
            store.put(run.prefix() + RunLayout.MANIFEST, RunHistory.JSON.writeValueAsBytes(run));
        }
        HttpClient http = HttpClient.newHttpClient();
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null))) {
            String base = "http://127.0.0.1:" + server.port() + "/api/runs";
            List<String> ids = new ArrayList<>();
            String next = null;
            int pages = 0;
            do {
                JsonNode page = get(http, base + "?limit=100" + (next == null ? "" : "&before=" + next));
                assertEquals(250, page.get("total").asInt());
                page.get("runs").forEach(run -> ids.add(run.get("id").asText()));
                next = page.has("next") ? page.get("next").asText() : null;
                pages++;
            } while (next != null);
            assertEquals(3, pages);
            assertEquals(250, ids.size());
            assertEquals(250, ids.stream().distinct().count());
            List<String> newestFirst = new ArrayList<>(ids);
            newestFirst.sort(java.util.Comparator.reverseOrder());
            assertEquals(newestFirst, ids);

            assertEquals(100, get(http, base).get("count").asInt(), "a page of 100 by default");
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "?limit=0")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("limit must be a whole number from 1 to 1000"), bad.body());
            assertFalse(get(http, base + "?limit=1000").has("next"));
        }
    }

    private static JsonNode get(HttpClient http, String uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Jsons.MAPPER.readTree(response.body());
    }
}
