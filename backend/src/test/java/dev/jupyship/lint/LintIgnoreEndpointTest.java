package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** POST /api/lint/ignore: the rule ignored in pyproject.toml, and the next lint of the notebook without it. */
class LintIgnoreEndpointTest {

    @TempDir
    Path workspace;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(SidecarServer server, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .header("X-Jupyship-Client", "test").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String rules(SidecarServer server) throws Exception {
        HttpResponse<String> lint = post(server, "/api/lint?path=train.ipynb&standard=false");
        assertEquals(200, lint.statusCode(), lint.body());
        return Jsons.MAPPER.readTree(lint.body()).get("findings").findValuesAsText("rule").toString();
    }

    @Test
    void theRuleIsIgnoredInPyprojectAndTheNextLintLeavesItOut() throws Exception {
        Files.writeString(workspace.resolve("train.ipynb"), Notebooks.of("code", "rate = 0.1", "code", "print(rate)"));
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null))) {
            assertTrue(rules(server).contains("JS201"), "no parameters cell");
            HttpResponse<String> ignored = post(server, "/api/lint/ignore?rule=JS201&path=train.ipynb");
            assertEquals(200, ignored.statusCode(), ignored.body());
            JsonNode answer = Jsons.MAPPER.readTree(ignored.body());
            assertEquals("pyproject.toml", answer.get("file").asText());
            assertTrue(answer.get("created").asBoolean());
            assertFalse(answer.get("alreadyIgnored").asBoolean());
            assertEquals("[tool.jupyship.lint]\nignore = [\"JS201\"]\n", Files.readString(workspace.resolve("pyproject.toml")));
            assertFalse(rules(server).contains("JS201"), "the next lint reads the new list");

            JsonNode again = Jsons.MAPPER.readTree(post(server, "/api/lint/ignore?rule=JS201&path=train.ipynb").body());
            assertTrue(again.get("alreadyIgnored").asBoolean());
            HttpResponse<String> bad = post(server, "/api/lint/ignore?rule=all&path=train.ipynb");
            assertEquals(400, bad.statusCode());
            assertEquals("'all' is not a rule id (such as JS301 or F401)", Jsons.MAPPER.readTree(bad.body()).get("error").asText());
            assertEquals(400, post(server, "/api/lint/ignore?path=train.ipynb").statusCode());
        }
    }
}
