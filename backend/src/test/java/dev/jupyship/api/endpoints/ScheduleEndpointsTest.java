package dev.jupyship.api.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.json.Jsons;
import dev.jupyship.testing.SidecarHttp;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.PythonEnv;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule routes through a real sidecar: add, list, pause, resume, run now (real papermill), delete; bad input answered clearly. */
class ScheduleEndpointsTest {

    @TempDir
    Path workspace;


    private static HttpResponse<String> send(SidecarServer server, String method, String path, String body) throws Exception {
        return SidecarHttp.send(server, method, path, body);
    }

    private JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return Jsons.MAPPER.readTree(response.body());
    }

    private String error(HttpResponse<String> response, int status) throws Exception {
        return json(response, status).get("error").asText();
    }

    @Test
    void addListPauseResumeRunNowAndDelete() throws Exception {
        PythonEnv.program("papermill");
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", TinyNotebooks.WRITE_METRICS),
                "{\"parameters\": {\"score\": {\"type\": \"float\", \"default\": 0.5, \"max\": 1}, \"output_dir\": {\"type\": \"str\", \"default\": \"x\"}}}");
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null)
                .withVenv(PythonEnv.root()))) {
            JsonNode added = json(send(server, "POST", "/api/schedules",
                    "{\"notebook\": \"train.ipynb\", \"cron\": \"0 3 * * *\", \"timeZone\": \"Europe/Paris\", \"parameters\": {\"score\": 0.75}}"), 201);
            String id = added.get("id").asText();
            assertEquals("Europe/Paris", added.get("timeZone").asText());
            assertEquals(0.75, added.get("parameters").get("score").asDouble());
            assertFalse(added.get("paused").asBoolean());
            assertTrue(added.get("nextRun").asText().matches("\\d{4}-\\d\\d-\\d\\dT0[12]:00:00Z"), added.toString());

            JsonNode list = json(send(server, "GET", "/api/schedules?notebook=train.ipynb", null), 200);
            assertEquals(1, list.get("count").asInt());
            assertEquals(id, list.get("schedules").get(0).get("id").asText());
            assertEquals(0, json(send(server, "GET", "/api/schedules?notebook=other.ipynb", null), 200).get("count").asInt());

            JsonNode paused = json(send(server, "POST", "/api/schedules/" + id + "/pause", null), 200);
            assertTrue(paused.get("paused").asBoolean());
            assertFalse(paused.has("nextRun"), paused.toString());
            JsonNode resumed = json(send(server, "POST", "/api/schedules/" + id + "/resume", null), 200);
            assertFalse(resumed.get("paused").asBoolean());
            assertTrue(resumed.has("nextRun"));

            JsonNode started = json(send(server, "POST", "/api/schedules/" + id + "/run", null), 202);
            String run = started.get("id").asText();
            assertEquals(id, started.get("schedule").asText());
            long deadline = System.nanoTime() + HangGuard.LIMIT.toNanos();
            JsonNode ended;
            do {
                Thread.sleep(100);
                ended = json(send(server, "GET", "/api/runs/" + run, null), 200);
            } while (ended.get("status").asText().matches("queued|running") && System.nanoTime() < deadline);
            assertEquals("succeeded", ended.get("status").asText(), ended.toString());
            assertEquals(id, ended.get("schedule").asText());
            assertEquals(0.75, ended.get("metrics").get("score").asDouble());
            JsonNode runs = json(send(server, "GET", "/api/runs?notebook=train.ipynb", null), 200);
            assertEquals(id, runs.get("runs").get(0).get("schedule").asText());
            JsonNode shown = json(send(server, "GET", "/api/schedules/" + id, null), 200);
            assertEquals(run, shown.get("lastRun").asText());
            assertEquals("succeeded", shown.get("lastRunStatus").asText());

            assertEquals(id, json(send(server, "DELETE", "/api/schedules/" + id, null), 200).get("deleted").asText());
            assertEquals("no schedule '" + id + "' in project '" + added.get("project").asText() + "'",
                    error(send(server, "GET", "/api/schedules/" + id, null), 404));
            assertEquals(0, json(send(server, "GET", "/api/schedules", null), 200).get("count").asInt());
        }
    }

    @Test
    void aSidecarStartingAfterMissedSlotsRunsTheScheduleOnceItself() throws Exception {
        PythonEnv.program("papermill");
        TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", TinyNotebooks.WRITE_METRICS);
        String project = workspace.getFileName().toString();
        // added an hour ago to run every minute, while no sidecar ran: its slots since were missed
        String schedule = "{\"id\": \"train-abc123\", \"project\": \"" + project + "\", \"notebook\": \"train.ipynb\", \"cron\": \"* * * * *\","
                + " \"timeZone\": \"UTC\", \"parameters\": {\"score\": 0.25}, \"paused\": false, \"createdBy\": \"someone\","
                + " \"createdAt\": \"" + Instant.now().minusSeconds(3600) + "\"}";
        Path stored = workspace.resolve(".jupyship/schedules/" + project + "/train-abc123.json");
        Files.createDirectories(stored.getParent());
        Files.writeString(stored, schedule);
        Instant started = Instant.now();
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null)
                .withVenv(PythonEnv.root()))) {
            long deadline = System.nanoTime() + HangGuard.LIMIT.toNanos();
            JsonNode runs;
            do {
                Thread.sleep(200);
                runs = json(send(server, "GET", "/api/runs?notebook=train.ipynb&status=succeeded", null), 200);
            } while (runs.get("count").asInt() == 0 && System.nanoTime() < deadline);
            assertTrue(runs.get("count").asInt() >= 1, runs.toString());
            JsonNode run = runs.get("runs").get(runs.get("count").asInt() - 1);
            assertEquals("train-abc123", run.get("schedule").asText());
            assertEquals(0.25, run.get("metrics").get("score").asDouble());
            // the clock goes on meanwhile, so a slot after the start may have run too; of the slots before it, one ran
            int missedRun = 0;
            for (JsonNode any : json(send(server, "GET", "/api/runs?notebook=train.ipynb", null), 200).get("runs")) {
                String key = json(send(server, "GET", "/api/runs/" + any.get("id").asText(), null), 200).get("idempotencyKey").asText();
                assertTrue(key.startsWith("schedule:train-abc123:"), key);
                if (!Instant.parse(key.substring("schedule:train-abc123:".length())).isAfter(started)) {
                    missedRun++;
                }
            }
            assertEquals(1, missedRun, "one run for the newest missed slot, never a burst");
            assertTrue(json(send(server, "GET", "/api/schedules/train-abc123", null), 200).has("lastRun"));
        }
    }

    @Test
    void badInputIsAnsweredWithWhatIsWrong() throws Exception {
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", "print(score)"),
                "{\"parameters\": {\"score\": {\"type\": \"float\", \"default\": 0.5, \"max\": 1}, \"output_dir\": {\"type\": \"str\", \"default\": \"x\"}}}");
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("broken.ipynb"), "score = 0.5", "print(score)"),
                "{\"parameters\": {\"score\": {\"type\": \"float\"}, \"epochs\": {\"type\": \"int\", \"default\": 3}}}");
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null))) {
            assertEquals("cron '0 25 * * *': the hour field '25' is not valid (Value 25 not in range [0, 23])",
                    error(send(server, "POST", "/api/schedules", "{\"notebook\": \"train.ipynb\", \"cron\": \"0 25 * * *\"}"), 400));
            assertEquals("no notebook at 'nope.ipynb' in the workspace",
                    error(send(server, "POST", "/api/schedules", "{\"notebook\": \"nope.ipynb\", \"cron\": \"0 3 * * *\"}"), 404));
            assertEquals("train.ipynb: parameter 'score': 2 is above the maximum 1", error(send(server, "POST", "/api/schedules",
                    "{\"notebook\": \"train.ipynb\", \"cron\": \"0 3 * * *\", \"parameters\": {\"score\": 2}}"), 400));
            assertEquals("'cron' must be a string, not an array",
                    error(send(server, "POST", "/api/schedules", "{\"notebook\": \"train.ipynb\", \"cron\": []}"), 400));
            JsonNode refused = json(send(server, "POST", "/api/schedules", "{\"notebook\": \"broken.ipynb\", \"cron\": \"0 3 * * *\"}"), 422);
            assertEquals("JS603", refused.get("findings").get(0).get("rule").asText(), refused.toString());
            for (String route : new String[] {"POST /api/schedules/nope-123456/pause", "POST /api/schedules/nope-123456/resume",
                    "POST /api/schedules/nope-123456/run", "DELETE /api/schedules/nope-123456", "GET /api/schedules/nope-123456"}) {
                String[] parts = route.split(" ");
                assertTrue(error(send(server, parts[0], parts[1], null), 404).startsWith("no schedule 'nope-123456' in project"), route);
            }
            assertEquals(0, json(send(server, "GET", "/api/schedules", null), 200).get("count").asInt());
        }
    }
}
