package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.Notebooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/lint/fix: a rule's safe fix answered as the changed cells, the file left alone. */
class LintFixEndpointTest {

    @TempDir
    Path workspace;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Cell 1 (0-based) holds an error output (JS103, fixable); nothing is tagged parameters (JS201, fixable). */
    private static String notebook() {
        return Notebooks.of("code", "rate = 0.1", "code", "1 / 0", "code", "print(rate)")
                .replaceFirst("\"outputs\": \\[\\],\n   \"source\": \"1 / 0\"",
                        "\"outputs\": [\n    {\n     \"ename\": \"ZeroDivisionError\",\n     \"evalue\": \"division by zero\",\n     \"output_type\": \"error\",\n     \"traceback\": []\n    }\n   ],\n   \"source\": \"1 / 0\"");
    }

    private HttpResponse<String> fix(SidecarServer server, String query, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/lint/fix?" + query))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersOnlyTheCellsTheFixChangedAndWritesNothing() throws Exception {
        Path file = Files.writeString(workspace.resolve("train.ipynb"), notebook());
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null))) {
            HttpResponse<String> errors = fix(server, "rule=JS103&path=train.ipynb", notebook());
            assertEquals(200, errors.statusCode(), errors.body());
            JsonNode answer = Jsons.MAPPER.readTree(errors.body());
            assertEquals("[\"JS103\"]", answer.get("fixed").toString());
            assertEquals(1, answer.get("cells").size(), errors.body());
            JsonNode changed = answer.get("cells").get(0);
            assertEquals(1, changed.get("index").asInt());
            assertEquals("1 / 0", changed.get("cell").get("source").asText());
            assertEquals(0, changed.get("cell").get("outputs").size(), "the error output is gone");

            HttpResponse<String> tag = fix(server, "rule=JS201&path=train.ipynb", notebook());
            assertEquals(200, tag.statusCode(), tag.body());
            JsonNode tagged = Jsons.MAPPER.readTree(tag.body()).get("cells");
            assertEquals(1, tagged.size(), tag.body());
            assertEquals(0, tagged.get(0).get("index").asInt());
            assertEquals("[\"parameters\"]", tagged.get(0).get("cell").get("metadata").get("tags").toString());

            assertEquals(notebook(), Files.readString(file), "the saved file is the person's to change");
        }
    }

    @Test
    void refusesUnknownRulesRulesWithoutAFixAndAMissingNotebook() throws Exception {
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null))) {
            HttpResponse<String> unknown = fix(server, "rule=XX999", notebook());
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("no jupyship rule 'XX999'"), unknown.body());
            HttpResponse<String> noFix = fix(server, "rule=JS402", notebook());
            assertEquals(400, noFix.statusCode());
            assertTrue(noFix.body().contains("rule JS402 has no safe fix"), noFix.body());
            HttpResponse<String> empty = fix(server, "rule=JS103", "");
            assertEquals(400, empty.statusCode());
            assertTrue(empty.body().contains("send the notebook"), empty.body());
            HttpResponse<String> clean = fix(server, "rule=JS103", Notebooks.of("code", "x = 1"));
            assertEquals(200, clean.statusCode(), clean.body());
            JsonNode nothing = Jsons.MAPPER.readTree(clean.body());
            assertEquals(0, nothing.get("fixed").size(), clean.body());
            assertEquals(0, nothing.get("cells").size(), clean.body());
        }
    }
}
