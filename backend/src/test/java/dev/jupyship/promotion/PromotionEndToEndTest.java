package dev.jupyship.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.json.Jsons;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.CliRun;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.PythonEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real papermill runs of a tiny notebook whose contract bounds its score (at most 2) and says higher
 * is better (0.1 of regression allowed), deployed from the CLI and through the sidecar's API: both
 * are gated alike; a run above the bound ends failed; the champion moves by hand; bad input is one
 * clear line or a 4xx with a message.
 */
class PromotionEndToEndTest {

    private static final String CONTRACT = """
            {"parameters": {"score": {"type": "float"}, "output_dir": {"type": "str"}},
             "outputs": {"model": {"path": "model.txt"}, "metrics": {"keys": {"score": {"max": 2, "better": "higher", "max_regression": 0.1}}}}}""";
    private static final Pattern RUN_ID = Pattern.compile("run (\\d{8}T\\d{6}Z-[a-z0-9]{6}) of train.ipynb");

    @TempDir
    Path workspace;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void notebook() throws Exception {
        PythonEnv.program("papermill");
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'",
                TinyNotebooks.WRITE_METRICS), CONTRACT);
    }

    private CliRun cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "-w";
        all[args.length + 1] = workspace.toString();
        return CliRun.of(all);
    }

    private CliRun deploy(String score) {
        return cli("deploy", "train.ipynb", "--venv", PythonEnv.root().toString(), "-p", "score=" + score);
    }

    private static String runId(CliRun run) {
        Matcher id = RUN_ID.matcher(run.out());
        assertTrue(id.find(), run.out() + run.err());
        return id.group(1);
    }

    @Test
    void cliRunsAreGatedAndTheChampionMovesByHand() {
        CliRun first = deploy("0.9");
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("  promoted (model 'model')\n    no champion yet"), first.out());
        String good = runId(first);
        CliRun second = deploy("0.5");
        assertEquals(0, second.code(), second.out() + second.err());
        assertTrue(second.out().contains("  not-promoted (model 'model')\n    score 0.5 is below the champion's 0.9 minus the allowed 0.1"),
                second.out());
        String worse = runId(second);
        CliRun third = deploy("3");
        assertEquals(1, third.code(), third.out() + third.err());
        assertTrue(third.out().contains(": failed\n  score 3 is above the contract's maximum 2\n"), third.out());
        String broken = runId(third);

        CliRun shown = cli("champion", "train.ipynb");
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.out().startsWith("champion of train.ipynb (model 'model'): " + good + " (promoted by gate, "), shown.out());
        assertTrue(shown.out().contains("  metrics: {score=0.9}\nrecent decisions, newest first:\n"), shown.out());
        assertTrue(shown.out().matches("(?s).*not-promoted\\s+" + worse + "\n.*promoted\\s+" + good + "\n.*"), shown.out());

        CliRun promoted = cli("promote", worse);
        assertEquals(0, promoted.code(), promoted.err());
        assertTrue(promoted.out().startsWith("run " + worse + " is the champion of train.ipynb (model 'model'), replacing " + good + "\n"
                + "  promoted by hand by "), promoted.out());
        CliRun rolledBack = cli("rollback", "train.ipynb");
        assertEquals(0, rolledBack.code(), rolledBack.err());
        assertEquals("train.ipynb (model 'model'): the champion is " + good + " again, not " + worse + "\n", rolledBack.out());

        CliRun failed = cli("promote", broken);
        assertEquals(1, failed.code());
        assertEquals("jupyship promote: run " + broken + " failed (score 3 is above the contract's maximum 2): only a succeeded run can be "
                + "promoted\n", failed.err());
        CliRun unknown = cli("promote", "20260101T000000Z-zzzzzz");
        assertEquals(1, unknown.code());
        assertEquals("jupyship promote: no run '20260101T000000Z-zzzzzz'\n", unknown.err());
        CliRun none = cli("champion", "other.ipynb");
        assertEquals(1, none.code());
        assertTrue(none.err().startsWith("jupyship champion: other.ipynb has no champion (model 'model'): no run of it has been promoted"),
                none.err());
        CliRun first2 = cli("rollback", "train.ipynb", "--model", "model");
        assertEquals(1, first2.code());
        assertEquals("jupyship rollback: run " + good + " was the first champion of train.ipynb (model 'model'): there is no earlier one to "
                + "roll back to\n", first2.err());
    }

    private HttpResponse<String> send(SidecarServer server, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return Jsons.MAPPER.readTree(response.body());
    }

    /** Deploys, then waits for the run's end and for the gate to have recorded it in the champion's history. */
    private JsonNode deployed(SidecarServer server, double score, int decisions) throws Exception {
        String id = json(send(server, "POST", "/api/deploy", "{\"path\": \"train.ipynb\", \"parameters\": {\"score\": " + score + "}}"), 202)
                .get("id").asText();
        long deadline = System.nanoTime() + HangGuard.LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = json(send(server, "GET", "/api/runs/" + id, null), 200);
            HttpResponse<String> champion = send(server, "GET", "/api/champion?notebook=train.ipynb", null);
            if (!run.get("status").asText().matches("queued|running") && champion.statusCode() == 200
                    && Jsons.MAPPER.readTree(champion.body()).get("decisions").size() == decisions) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " was not decided on in time");
    }

    @Test
    void apiRunsAreGatedAlikeAndTheChampionMovesByHand() throws Exception {
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null)
                .withVenv(PythonEnv.root()))) {
            assertEquals(404, send(server, "GET", "/api/champion?notebook=train.ipynb", null).statusCode());
            JsonNode good = deployed(server, 0.9, 1);
            assertEquals("promoted", good.get("promotion").get("decision").asText(), good.toString());
            JsonNode worse = deployed(server, 0.7, 2);
            JsonNode decision = worse.get("promotion");
            assertEquals("not-promoted", decision.get("decision").asText());
            assertEquals("[\"score 0.7 is below the champion's 0.9 minus the allowed 0.1\"]", decision.get("reasons").toString());
            assertEquals(good.get("id").asText(), decision.get("champion").asText());
            assertEquals(-0.2, decision.get("changes").get("score").get("change").asDouble(), 1e-9);

            JsonNode view = json(send(server, "GET", "/api/champion?notebook=train.ipynb&model=model", null), 200);
            assertEquals(good.get("id").asText(), view.get("champion").get("run").asText());
            assertEquals("promoted", view.get("champion").get("how").asText());
            assertEquals("[\"not-promoted\",\"promoted\"]", view.get("decisions").findValuesAsText("kind").toString()
                    .replace(" ", "").replace("[", "[\"").replace("]", "\"]").replace(",", "\",\""));

            JsonNode manual = json(send(server, "POST", "/api/promote", "{\"run\": \"" + worse.get("id").asText() + "\"}"), 200);
            assertEquals("manual-promote", manual.get("kind").asText());
            assertEquals(good.get("id").asText(), manual.get("before").asText());
            JsonNode back = json(send(server, "POST", "/api/rollback", "{\"notebook\": \"train.ipynb\"}"), 200);
            assertEquals("rollback", back.get("kind").asText());
            assertEquals(good.get("id").asText(), back.get("after").asText());
            assertEquals(good.get("id").asText(), json(send(server, "GET", "/api/champion?notebook=train.ipynb", null), 200)
                    .get("champion").get("run").asText());

            assertTrue(json(send(server, "POST", "/api/promote", "{}"), 400).get("error").asText().startsWith("missing 'run'"));
            assertEquals("no run '20260101T000000Z-zzzzzz'",
                    json(send(server, "POST", "/api/promote", "{\"run\": \"20260101T000000Z-zzzzzz\"}"), 404).get("error").asText());
            assertTrue(json(send(server, "POST", "/api/promote", "{\"run\": \"" + good.get("id").asText() + "\"}"), 409).get("error").asText()
                    .contains("is already the champion"));
            assertTrue(json(send(server, "POST", "/api/rollback", "{\"notebook\": \"train.ipynb\", \"to\": \"x\"}"), 400).get("error").asText()
                    .startsWith("--to must be a run id"));
            assertTrue(json(send(server, "GET", "/api/champion?notebook=other.ipynb", null), 404).get("error").asText()
                    .startsWith("other.ipynb has no champion (model 'model')"));
            assertEquals(400, send(server, "GET", "/api/champion", null).statusCode());
            // a notebook is a name confined to the workspace, as the runs' ?notebook= is
            assertEquals(403, send(server, "GET", "/api/champion?notebook=..%2Foutside.ipynb", null).statusCode());
            assertTrue(json(send(server, "POST", "/api/rollback", "{\"notebook\": \"/etc/x.ipynb\"}"), 400).get("error").asText()
                    .contains("is absolute"));
            assertTrue(json(send(server, "GET", "/api/champion?notebook=train.ipynb&model=..", null), 400).get("error").asText()
                    .startsWith("'..' is not a model name"));
        }
    }
}
