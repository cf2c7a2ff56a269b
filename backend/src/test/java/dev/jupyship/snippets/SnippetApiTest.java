package dev.jupyship.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.server.SidecarServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippet routes, served by the real sidecar over the real snippets/ folder plus a team folder. */
class SnippetApiTest {

    @TempDir
    Path workspace;

    @TempDir
    Path scratch;

    private Path team;

    private SidecarServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        team = scratch.resolve("team");
        SnippetFiles.write(team, "time-cell.md", "---\nid: time-cell\ntitle: Our timer\n"
                + "description: Times <script>alert(1)</script> blocks, see [docs](javascript:alert(1)).\n"
                + "tags: [timing]\ncategory: utilities\nversion: \"2\"\n---\n\n<b>Team</b> notes.\n\n```python\nimport time\n```\n");
        SnippetFiles.write(team, "broken.md", "---\nid: broken\n");
        SnippetCatalog catalog = new SnippetCatalog(List.of(new SnippetCatalog.Folder(SnippetFiles.platform(), "platform"),
                new SnippetCatalog.Folder(team, "team")), PythonSyntaxCheck.NONE, Duration.ZERO);
        server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null).withSnippets(catalog));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String pathAndQuery, int status) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return Jsons.MAPPER.readTree(response.body());
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("snippets").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    @Test
    void listsSearchesAndFilters() throws Exception {
        JsonNode all = json("/api/snippets", 200);
        assertEquals(20, all.get("snippets").size());
        assertTrue(all.get("categories").toString().contains("\"training\""));
        assertEquals("team/broken.md", all.get("problems").get(0).get("file").asText());
        assertEquals(1, all.get("problems").get(0).get("line").asInt());

        JsonNode found = json("/api/snippets?q=save+model", 200);
        assertEquals("save-model", ids(found).get(0));
        assertTrue(found.get("snippets").get(0).get("score").asDouble() > 0);
        assertEquals(List.of("train-lightgbm", "train-sklearn"), ids(json("/api/snippets?category=training", 200)));
        assertEquals(List.of("load-snapshot"), ids(json("/api/snippets?tag=gcs,snapshot", 200)));
        assertEquals(List.of("train-val-split"), ids(json("/api/snippets?q=split&category=data&limit=1", 200)));
        assertEquals("query parameter 'limit' must be a positive number, not 'x'", json("/api/snippets?limit=x", 400).get("error").asText());
    }

    @Test
    void showsCellsReadyToInsert() throws Exception {
        JsonNode snippet = json("/api/snippets/parameters", 200);
        assertEquals("Parameters cell", snippet.get("title").asText());
        assertEquals("platform", snippet.get("source").asText());
        assertEquals("snippets/parameters.md", snippet.get("file").asText());
        JsonNode cell = snippet.get("cells").get(0);
        assertEquals("code", cell.get("cell_type").asText());
        assertEquals("[\"parameters\"]", cell.get("metadata").get("tags").toString());
        assertEquals("parameters", cell.get("metadata").get("jupyship").get("snippet").asText());
        assertTrue(cell.get("source").get(0).asText().startsWith("run_date = \"2024-06-01\""), cell.toString());
        assertTrue(cell.get("source").get(0).asText().endsWith("\n"));
        assertTrue(cell.get("outputs").isArray() && cell.get("execution_count").isNull());
        assertTrue(cell.get("id").asText().matches("[0-9a-f]{8}"));
        assertTrue(snippet.get("descriptionHtml").asText().contains("<code>parameters</code>"), snippet.toString());

        JsonNode withMarkdown = json("/api/snippets/time-cell", 200);
        assertEquals("team", withMarkdown.get("source").asText());
        JsonNode load = json("/api/snippets/load-snapshot", 200);
        assertEquals(1, load.get("cells").size(), "the gate's check-setup code is never inserted");
        assertEquals("[\"parameters\"]", load.get("requires").toString());
    }

    @Test
    void aSnippetNamesWhatItUsesFromTheNotebookAboveIt() throws Exception {
        JsonNode evaluate = json("/api/snippets/evaluate-classifier", 200);
        assertEquals(List.of("model", "X_valid", "y_valid"), Jsons.MAPPER.convertValue(evaluate.get("uses"), List.class));
        assertEquals("[]", json("/api/snippets/parameters", 200).get("uses").toString(), "a parameters cell only defines");
    }

    @Test
    void htmlInSnippetsIsEscaped() throws Exception {
        String html = json("/api/snippets/time-cell", 200).get("descriptionHtml").asText();
        assertFalse(html.contains("<script>") || html.contains("<b>") || html.contains("javascript:"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("&lt;b&gt;Team&lt;/b&gt;"), html);
    }

    @Test
    void unknownAndBrokenSnippetsAre404WithTheReason() throws Exception {
        assertEquals("no snippet 'nope' in the catalog", json("/api/snippets/nope", 404).get("error").asText());
        assertEquals("no snippet 'broken' in the catalog (team/broken.md:1: the front matter opened at line 1 is never closed by a line '---')",
                json("/api/snippets/broken", 404).get("error").asText());
    }

    @Test
    void servesChangesToTheFolders() throws Exception {
        Path file = SnippetFiles.write(team, "broken.md", SnippetFiles.snippet("broken", "", "fixed = True"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertEquals("fixed = True", json("/api/snippets/broken", 200).get("cells").get(0).get("source").get(0).asText());
        assertEquals(0, json("/api/snippets", 200).get("problems").size());
    }

    @Test
    void selectedCellsAreSavedAsATeamSnippetAndServed() throws Exception {
        String body = """
                {"id": "score-holdout", "title": "Score the holdout", "description": "R2 on the holdout.", "category": "evaluation",
                 "tags": ["score"], "cells": [
                  {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": ["holdout = 0.2\\n"], "outputs": [], "execution_count": 3},
                  {"cell_type": "raw", "metadata": {}, "source": "left out"},
                  {"cell_type": "code", "metadata": {}, "source": "print(holdout)", "outputs": [], "execution_count": 4}]}""";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/snippets"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("team", Jsons.MAPPER.readTree(created.body()).get("source").asText());
        JsonNode shown = json("/api/snippets/score-holdout", 200);
        assertEquals(2, shown.get("cells").size());
        JsonNode source = shown.get("cells").get(0).get("source");
        assertEquals("holdout = 0.2", source.isArray() ? String.join("", Jsons.MAPPER.convertValue(source, String[].class)) : source.asText());
        assertEquals("[\"parameters\"]", shown.get("cells").get(0).get("metadata").get("tags").toString());
        assertTrue(Files.readString(team.resolve("score-holdout.md")).contains("```python tags=parameters\nholdout = 0.2\n```"));

        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/snippets"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(409, again.statusCode(), again.body());
        HttpResponse<String> untitled = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/snippets"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"x\", \"cells\": []}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, untitled.statusCode());
        assertEquals("'title' is required", Jsons.MAPPER.readTree(untitled.body()).get("error").asText());
        for (String[] bad : new String[][] {
            {"[{\"cell_type\": \"code\", \"source\": [{}]}]", "cell 1's source must be a list of strings"},
            {"[{\"cell_type\": \"code\", \"source\": \"x\", \"metadata\": {\"tags\": \"p\"}}]", "cell 1's tags must be a list of strings"},
            {"[{\"cell_type\": \"heading\", \"source\": \"x\"}]", "cell 1: cell_type 'heading' is not code, markdown or raw"},
            {"[7]", "cell 1 must be a notebook cell with a cell_type"},
            {"{}", "'cells' must be a list of notebook cells"}}) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/snippets"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"id\": \"x\", \"title\": \"t\", \"description\": \"d\", \"category\": \"c\", \"cells\": " + bad[0] + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals(bad[1], Jsons.MAPPER.readTree(refused.body()).get("error").asText());
        }
    }
}
