package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.cli.Main;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.json.Jsons;
import dev.jupyship.testing.SidecarHttp;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.PythonEnv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real papermill, no configuration: deploys through the API and the CLI show up whole, with metrics; failures say why. */
class DeployEndToEndTest {

    @TempDir
    Path workspace;

    private final HttpClient http = HttpClient.newHttpClient();

    private static HttpResponse<String> send(SidecarServer server, String method, String path, String body) throws Exception {
        return SidecarHttp.send(server, method, path, body);
    }

    private JsonNode awaitFinal(SidecarServer server, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode run = Jsons.MAPPER.readTree(send(server, "GET", "/api/runs/" + id, null).body());
            if (!run.path("status").asText().matches("queued|running")) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not end in 120 s");
    }

    @Test
    void deployThroughTheApiAndTheCli() throws Exception {
        PythonEnv.program("papermill");
        Files.copy(Corpus.repository().resolve("examples/quickstart.ipynb"), workspace.resolve("quickstart.ipynb"));
        TinyNotebooks.write(workspace.resolve("broken.ipynb"), "rows = 3", "total = rows * 2", "raise RuntimeError(f'only {total} rows')");
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null)
                .withVenv(PythonEnv.root()))) {
            JsonNode check = Jsons.MAPPER.readTree(send(server, "POST", "/api/deploy/check",
                    "{\"path\": \"quickstart.ipynb\", \"parameters\": {\"seed\": \"three\"}}").body());
            assertEquals(false, check.get("passes").asBoolean(), check.toString());
            assertEquals("parameter 'seed': \"three\" is not an int", check.get("parameterProblems").get(0).asText());
            assertEquals("[\"run_date\",\"seed\",\"slope_prior\"]", check.get("parameters").findValuesAsText("name").toString()
                    .replace(" ", "").replace("[", "[\"").replace("]", "\"]").replace(",", "\",\""));
            assertEquals("local", check.get("cluster").asText());
            HttpResponse<String> badParameter = send(server, "POST", "/api/deploy", "{\"path\": \"quickstart.ipynb\", \"parameters\": {\"sed\": 3}}");
            assertEquals(400, badParameter.statusCode());
            assertTrue(badParameter.body().contains("'sed' is not a parameter of the notebook's contract"), badParameter.body());
            String body = "{\"path\": \"quickstart.ipynb\", \"parameters\": {\"seed\": 3}}";
            HttpResponse<String> started = send(server, "POST", "/api/deploy", body);
            assertEquals(202, started.statusCode(), started.body());
            String id = Jsons.MAPPER.readTree(started.body()).get("id").asText();
            // a double click, and two deploys of the same notebook at once
            assertEquals(id, Jsons.MAPPER.readTree(send(server, "POST", "/api/deploy", body).body()).get("id").asText());
            HttpResponse<String> other = send(server, "POST", "/api/deploy", "{\"path\": \"quickstart.ipynb\", \"parameters\": {\"seed\": 4}}");
            String otherId = Jsons.MAPPER.readTree(other.body()).get("id").asText();
            assertNotEquals(id, otherId);
            String brokenId = Jsons.MAPPER.readTree(send(server, "POST", "/api/deploy", "{\"path\": \"broken.ipynb\"}").body()).get("id").asText();
            // followed from the start: the stream ends when the run does, with the whole log
            java.util.concurrent.CompletableFuture<HttpResponse<String>> followed = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/runs/" + brokenId + "/log?follow=true")).build(),
                    HttpResponse.BodyHandlers.ofString());

            JsonNode run = awaitFinal(server, id);
            assertEquals("succeeded", run.get("status").asText(), run.toString());
            assertEquals("succeeded", awaitFinal(server, otherId).get("status").asText());
            assertTrue(run.get("metrics").has("rmse"), run.toString());
            assertEquals(3, run.get("parameters").get("seed").asInt());
            Path folder = workspace.resolve(".jupyship/" + RunLayout.prefix(run.get("project").asText(), "quickstart.ipynb", id));
            for (String file : new String[] {"input.ipynb", "executed.ipynb", "metrics.json", "artifacts/model.pkl", "log.txt", "manifest.json"}) {
                assertTrue(Files.isRegularFile(folder.resolve(file)), file);
            }
            assertTrue(Files.readString(folder.resolve("metrics.json")).contains("rmse"));
            assertTrue(run.get("links").get("executedNotebook").asText().endsWith("executed.ipynb"));

            JsonNode broken = awaitFinal(server, brokenId);
            String stored = send(server, "GET", "/api/runs/" + brokenId + "/log", null).body();
            assertEquals(stored, followed.get(60, java.util.concurrent.TimeUnit.SECONDS).body());
            assertTrue(stored.contains("Executing") && stored.contains("RuntimeError"), stored);
            JsonNode tail = Jsons.MAPPER.readTree(send(server, "GET", "/api/runs/" + brokenId + "/log?offset=9", null).body());
            assertEquals(stored.substring(9), tail.get("text").asText());
            assertTrue(tail.get("complete").asBoolean());
            assertEquals(400, send(server, "GET", "/api/runs/" + brokenId + "/log?offset=x", null).statusCode());
            assertEquals("failed", broken.get("status").asText());
            JsonNode failure = broken.get("failure");
            assertEquals("cell-error", failure.get("kind").asText());
            assertEquals(2, failure.get("cell").asInt());
            assertTrue(failure.get("summary").asText().contains("RuntimeError: only 6 rows"), failure.toString());
            assertTrue(failure.get("source").asText().contains("raise RuntimeError"));
            assertTrue(failure.get("traceback").toString().contains("RuntimeError"));

            JsonNode list = Jsons.MAPPER.readTree(send(server, "GET", "/api/runs?notebook=quickstart.ipynb&status=succeeded", null).body());
            assertEquals(2, list.get("count").asInt());
            JsonNode metrics = Jsons.MAPPER.readTree(send(server, "GET", "/api/runs/metrics?notebook=quickstart.ipynb", null).body());
            assertEquals(2, metrics.get("points").size());
            assertTrue(metrics.get("points").get(0).get("change").has("rmse"), metrics.toString());
            assertTrue(send(server, "GET", "/api/runs/" + id + "/log", null).body().contains("Executing"));
            assertEquals(409, send(server, "DELETE", "/api/runs/" + id, null).statusCode());
            HttpResponse<String> removed = send(server, "DELETE", "/api/runs/" + otherId + "/record", null);
            assertEquals(200, removed.statusCode(), removed.body());
            assertEquals("{\"deleted\":\"" + otherId + "\"}", removed.body());
            assertEquals(404, send(server, "GET", "/api/runs/" + otherId, null).statusCode());
            assertEquals(1, Jsons.MAPPER.readTree(send(server, "GET", "/api/runs?notebook=quickstart.ipynb&status=succeeded", null).body())
                    .get("count").asInt());
        }

        // The CLI, over the same workspace and store
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"deploy", "quickstart.ipynb", "-w", workspace.toString(), "--venv", PythonEnv.root().toString(),
                "-p", "seed=9", "--wait"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("succeeded") && out.toString().contains("rmse"), out.toString());
        StringWriter runs = new StringWriter();
        assertEquals(0, Main.run(new String[] {"runs", "--notebook", "quickstart.ipynb", "-w", workspace.toString()},
                new PrintWriter(runs), new PrintWriter(err)));
        assertEquals(2, runs.toString().lines().count(), "the two left of the API's, and the CLI's: " + runs);
        StringWriter failed = new StringWriter();
        Main.run(new String[] {"runs", "--status", "failed", "-w", workspace.toString()}, new PrintWriter(failed), new PrintWriter(err));
        assertTrue(failed.toString().contains("RuntimeError: only 6 rows"), failed.toString());

        // The failed run deleted by the CLI: gone from the history and the store; the others stay.
        String brokenRun = failed.toString().substring(0, failed.toString().indexOf(' '));
        StringWriter deleted = new StringWriter();
        assertEquals(0, Main.run(new String[] {"delete", brokenRun, "-w", workspace.toString()}, new PrintWriter(deleted), new PrintWriter(err)),
                err.toString());
        assertEquals("run " + brokenRun + ": deleted\n", deleted.toString());
        StringWriter after = new StringWriter();
        Main.run(new String[] {"runs", "-w", workspace.toString()}, new PrintWriter(after), new PrintWriter(err));
        assertEquals(2, after.toString().lines().count(), after.toString());
        assertFalse(after.toString().contains(brokenRun));
        try (var files = Files.walk(workspace.resolve(".jupyship/runs"))) {
            assertTrue(files.noneMatch(file -> file.toString().contains(brokenRun)), "no file of the deleted run is left in the store");
        }
        StringWriter again = new StringWriter();
        assertEquals(1, Main.run(new String[] {"delete", brokenRun, "-w", workspace.toString()}, new PrintWriter(again), new PrintWriter(again)));
        assertTrue(again.toString().contains("no run '" + brokenRun + "'"), again.toString());
    }
}
