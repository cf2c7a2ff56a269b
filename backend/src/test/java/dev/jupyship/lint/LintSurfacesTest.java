package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.cli.Main;
import dev.jupyship.json.Jsons;
import dev.jupyship.lint.rules.RuleRegistry;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.Notebooks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same verdict from every surface: the API, the CLI's three formats, and --fix. */
class LintSurfacesTest {

    @TempDir
    Path workspace;

    /** A notebook with one warning (JS103, fixable), one error (JS402) and a parameters cell. */
    private static String notebook() {
        return Notebooks.of("code", "key = 0.1", "code", "1 / 0", "code", "print(key)")
                .replaceFirst("\"metadata\": \\{\\}", "\"metadata\": {\n    \"tags\": [\n     \"parameters\"\n    ]\n   }")
                .replaceFirst("(\"source\": \"1 / 0\")", "$1")
                .replaceFirst("\"outputs\": \\[\\],\n   \"source\": \"1 / 0\"",
                        "\"outputs\": [\n    {\n     \"ename\": \"ZeroDivisionError\",\n     \"evalue\": \"division by zero\",\n     \"output_type\": \"error\",\n     \"traceback\": []\n    }\n   ],\n   \"source\": \"1 / 0\"")
                .replaceFirst("\"outputs\": \\[\\],\n   \"source\": \"print\\(key\\)\"",
                        "\"outputs\": [\n    {\n     \"name\": \"stdout\",\n     \"output_type\": \"stream\",\n     \"text\": \"AKIAIOSFODNN7EXAMPLE\\\\n\"\n    }\n   ],\n   \"source\": \"print(key)\"");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void cliTextLikeRuff() throws Exception {
        Path file = Files.writeString(workspace.resolve("train.ipynb"), notebook());
        Run run = cli("lint", "--no-standard", file.toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.out().contains(file + ":cell 2:1:1: JS103 [*] the saved output is an error (ZeroDivisionError: division by zero)"), run.out());
        assertTrue(run.out().contains(file + ":cell 3:1:1: JS402 a saved output contains an AWS access key id"), run.out());
        assertTrue(run.out().contains("Found 1 errors, 1 warnings, 0 notes in 1 notebook."), run.out());
    }

    @Test
    void cliJsonAndSarif() throws Exception {
        Path file = Files.writeString(workspace.resolve("train.ipynb"), notebook());
        JsonNode json = Jsons.MAPPER.readTree(cli("lint", "--no-standard", "--format", "json", file.toString()).out());
        JsonNode finding = json.get(0).get("findings").get(0);
        assertEquals("JS103", finding.get("rule").asText());
        assertEquals(1, finding.get("cell").asInt());
        assertEquals("warning", finding.get("severity").asText());
        assertEquals(1, json.get(0).get("summary").get("error").asInt());

        Path report = workspace.resolve("out/lint.sarif");
        assertEquals(1, cli("lint", "--no-standard", "--format", "sarif", "-o", report.toString(), file.toString()).code());
        JsonNode sarif = Jsons.MAPPER.readTree(report.toFile());
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode run = sarif.get("runs").get(0);
        assertEquals("jupyship", run.get("tool").get("driver").get("name").asText());
        JsonNode result = run.get("results").get(1);
        assertEquals("JS402", result.get("ruleId").asText());
        assertEquals("error", result.get("level").asText());
        assertEquals("JS402", run.get("tool").get("driver").get("rules").get(result.get("ruleIndex").asInt()).get("id").asText());
        JsonNode location = result.get("locations").get(0).get("physicalLocation");
        assertTrue(location.get("artifactLocation").get("uri").asText().endsWith("train.ipynb"));
        // The region is the line of the .ipynb that holds the cell's source line.
        int fileLine = location.get("region").get("startLine").asInt();
        assertTrue(Files.readAllLines(file).get(fileLine - 1).contains("\"source\": \"print(key)\""), "line " + fileLine);
        assertEquals(2, result.get("properties").get("cell").asInt());
    }

    @Test
    void fixWritesBackOnlyWhatItFixedInTheSameLayout() throws Exception {
        Path file = Files.writeString(workspace.resolve("train.ipynb"), notebook());
        Run run = cli("lint", "--no-standard", "--fix", file.toString());
        assertTrue(run.err().contains("fixed JS103 in " + file), run.err());
        String fixed = Files.readString(file);
        assertFalse(fixed.contains("ZeroDivisionError"));
        assertTrue(fixed.contains("AKIAIOSFODNN7EXAMPLE"), "JS402 has no fix: the output stays");
        assertEquals(notebook().replaceFirst("\"outputs\": \\[\n    \\{\n     \"ename\"[^]]*\\]\n    }\n   ]", "\"outputs\": []"), fixed);
        assertEquals(1, run.code(), "the error finding remains");
    }

    @Test
    void unreadableNotebooksAreNamedAndFailTheRun() throws Exception {
        Path bad = Files.writeString(workspace.resolve("bad.ipynb"), "{\"nbformat\": 3}");
        Run run = cli("lint", "--no-standard", workspace.toString());
        assertEquals(1, run.code());
        assertTrue(run.out().contains("bad.ipynb: note: not linted: " + bad + ": nbformat 3 notebooks are not supported"), run.out());
    }

    @Test
    void apiLintsPostedAndSavedNotebooksAndServesRuleDocs() throws Exception {
        Files.writeString(workspace.resolve("pyproject.toml"), "[tool.jupyship.lint]\nignore = [\"JS103\"]\n");
        Files.writeString(workspace.resolve("saved.ipynb"), notebook());
        HttpClient http = HttpClient.newHttpClient();
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/lint?standard=false"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(notebook())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, posted.statusCode(), posted.body());
            assertEquals(2, Jsons.MAPPER.readTree(posted.body()).get("findings").size());

            HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create(base + "/api/lint?path=saved.ipynb&standard=false"))
                    .header("X-XSRFToken", "x").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode findings = Jsons.MAPPER.readTree(saved.body()).get("findings");
            assertEquals(1, findings.size(), "the workspace's pyproject.toml ignores JS103: " + saved.body());
            assertEquals("JS402", findings.get(0).get("rule").asText());

            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/api/lint"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"cells\": [")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());

            JsonNode rules = Jsons.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/rules")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("rules");
            assertEquals(RuleRegistry.rules().size(), rules.size());
            HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create(base + "/api/rules/JS103")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode rule = Jsons.MAPPER.readTree(one.body());
            assertTrue(rule.get("fixable").asBoolean());
            assertTrue(rule.get("html").asText().contains("<h2>How to fix</h2>"), rule.get("html").asText());
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/api/rules/XX1")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
