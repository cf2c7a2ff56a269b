package dev.jupyship.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.json.Jsons;
import dev.jupyship.promotion.Champions;
import dev.jupyship.promotion.PromotionCompletion;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.GcsEmulator;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.ListeningPorts;
import dev.jupyship.testing.PythonEnv;
import dev.jupyship.testing.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Serving end to end, in the embedded default and on a GCS bucket (a real fake-gcs-server, the
 * pointer's generation polled through gcsfs): real papermill runs of a notebook (the local batch
 * runner), the promotion gate moving the champion, and the real serving process
 * ({@code image/start serve}, which asks {@code jupyship serving plan} for the store) following it. Under a steady load of predictions, a new champion is
 * served within seconds with no request failing; a champion whose model raises in predict, and one
 * whose model does not load, are refused (one alert each) while the model before keeps answering;
 * a rollback brings the older model back.
 */
class ServingIT {

    private static final String NOTEBOOK = "doubler.ipynb";
    /** What the issue asks: a promotion reaches serving within this. */
    private static final Duration REACHES_SERVING = Duration.ofSeconds(30);

    @TempDir
    Path workspace;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    /** The serving process's environment beyond the plan's: on GCS, no metadata server to look for credentials at. */
    private Map<String, String> servingEnvironment = Map.of();

    @ParameterizedTest(name = "on the {0} store")
    @ValueSource(strings = {"local", "gcs"})
    void servesTheChampionSwapsWithoutAFailedRequestRefusesBrokenModelsAndRollsBack(String kind) throws Exception {
        Files.writeString(workspace.resolve(NOTEBOOK), doublerNotebook());
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String store = "";
            if (kind.equals("gcs")) {
                store = "[store]\nkind = \"gcs\"\nbucket = \"" + GCS.newBucket() + "\"\nprefix = \"team-a\"\nendpoint = \"" + GCS.endpoint() + "\"\n";
                servingEnvironment = GCS.pythonEnvironment(Files.createDirectories(workspace.resolve("no-gcloud")));
            }
            Files.writeString(workspace.resolve("jupyship.toml"),
                    store + "[alerts]\n[[alerts.webhook]]\nurl = \"" + receiver.url() + "\"\nformat = \"json\"\n");
            DeployConfig config = DeployConfig.load(workspace, Map.of());
            try (Deployer deployer = Deployer.open(workspace, config, PythonEnvironment.ofVenv(PythonEnv.root()))) {
                Champions champions = PromotionCompletion.register(deployer);
                RunManifest first = promoted(deployer, champions, 0.0, "");

                int port = ListeningPorts.free();
                Process serving = startServing(port);
                try {
                    JsonNode ready = awaitServing(port, first.id());
                    assertEquals("doubler", ready.path("model").asText());
                    JsonNode answer = predict(port, "{\"rows\": [{\"x\": 1.5}, {\"x\": -2}]}");
                    assertEquals("[3.0,-4.0]", answer.path("predictions").toString(), "the first run's model: 2x + 0");
                    assertEquals(first.id(), answer.path("run").asText());
                    JsonNode metadata = get(port, "/metadata");
                    assertEquals(first.id(), metadata.path("serving").path("run").asText(), metadata.toString());
                    assertEquals(Map.of("score", 1.0), Jsons.MAPPER.convertValue(metadata.path("serving").path("metrics"), Map.class));
                    assertEquals("{\"x\":\"float\"}", metadata.path("serving").path("input").toString());

                    // bad input: a clear 400, naming the row and the column
                    HttpResponse<String> missing = post(port, "{\"rows\": [{\"x\": 1}, {\"y\": 2}]}");
                    assertEquals(400, missing.statusCode(), missing.body());
                    assertEquals("{\"error\":\"rows[1]: missing column 'x'\"}", missing.body());
                    HttpResponse<String> wrongType = post(port, "{\"rows\": [{\"x\": \"one\"}]}");
                    assertEquals("{\"error\":\"rows[0].x: 'one' is not a finite float\"}", wrongType.body());

                    String secondRun;
                    try (Load load = new Load(port)) {
                        load.awaitAnswers(first.id(), 20);
                        RunManifest second = promoted(deployer, champions, 10.0, "");
                        secondRun = second.id();
                        long moved = System.nanoTime();
                        awaitServing(port, second.id());
                        Duration took = Duration.ofNanos(System.nanoTime() - moved);
                        assertTrue(took.compareTo(REACHES_SERVING) < 0, "the promotion reached serving in " + took);
                        load.awaitAnswers(second.id(), 20);
                        load.stop();
                        assertEquals(List.of(), load.failures(), "no request failed across the swap");
                        assertTrue(load.answered(first.id()) > 0 && load.answered(second.id()) > 0, load.toString());
                        assertTrue(load.wrongAnswers.get() == 0, "each answer is its run's model's: " + load.wrongAnswers.get());
                        System.out.printf("ServingIT: promotion reached serving in %d ms; %s%n", took.toMillis(), load);

                        // a champion whose model raises in predict: refused, the second keeps answering
                        RunManifest raising = promoted(deployer, champions, 20.0, "predict");
                        JsonNode refused = awaitRefused(port, raising.id());
                        assertEquals("run " + raising.id() + ": the model failed on the contract's sample input: RuntimeError: "
                                + "broken on purpose", refused.path("reason").asText());
                        assertEquals(second.id(), refused.path("serving").asText());
                        assertEquals(second.id(), predict(port, "{\"rows\": [{\"x\": 1}]}").path("run").asText());
                        JsonNode alert = Jsons.MAPPER.readTree(receiver.awaitRequests(1).get(0).body());
                        assertEquals("model_not_served:doubler:" + raising.id(), alert.path("key").asText(), alert.toString());
                        assertEquals(refused.path("reason").asText(), alert.path("details").path("reason").asText());

                        // one whose model does not load at all
                        RunManifest unloadable = promoted(deployer, champions, 30.0, "load");
                        JsonNode notLoaded = awaitRefused(port, unloadable.id());
                        assertTrue(notLoaded.path("reason").asText().startsWith("run " + unloadable.id()
                                + ": the model model.pkl could not be loaded: UnpicklingError: "), notLoaded.toString());
                        assertEquals(2, receiver.awaitRequests(2).size());

                        // rolling back twice: to the model that would not load, then to the one that raised (both
                        // still refused), a third time to the second run: served, as it was all along
                        champions.rollback(NOTEBOOK, "doubler", second.id());
                        awaitCleared(port, second.id());
                        champions.rollback(NOTEBOOK, "doubler", first.id());
                        awaitServing(port, first.id());
                        assertEquals("[2.0]", predict(port, "{\"rows\": [{\"x\": 1}]}").path("predictions").toString());
                    }
                    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    assertTrue(metrics.contains("jupyship_predict_requests_total{model=\"doubler\",outcome=\"ok\",run=\"" + secondRun + "\"}"),
                            metrics);
                    assertTrue(metrics.contains("jupyship_model_info{model=\"doubler\",run=\"" + first.id() + "\"} 1.0"), metrics);
                } finally {
                    serving.destroy();
                    serving.waitFor();
                }
                assertEquals(2, receiver.received().size(), "one alert per refused run: " + receiver.received());
            }
        }
    }

    private RunManifest promoted(Deployer deployer, Champions champions, double offset, String broken) throws Exception {
        RunManifest run = deployer.deploy(new DeployRequest(NOTEBOOK, null, Map.of("offset", offset, "broken", broken), null, false, null, null));
        RunManifest ended = deployer.await(run.id(), HangGuard.LIMIT);
        assertEquals(RunStatus.SUCCEEDED, ended.status(), () -> ended.id() + ": " + ended.failure());
        assertEquals(Promotion.Decision.PROMOTED, ended.promotion().decision(), ended.promotion().toString());
        HangGuard.until("run " + run.id() + " to be champion", () -> {
            try {
                return run.id().equals(champions.show(NOTEBOOK, "doubler").champion().run());
            } catch (IOException e) {
                return false;
            }
        });
        return ended;
    }

    private Process startServing(int port) throws IOException {
        Path repository = Corpus.repository();
        ProcessBuilder builder = new ProcessBuilder(repository.resolve("image/start").toString(), "serve", NOTEBOOK,
                "--port", String.valueOf(port), "--poll-seconds", "1")
                .redirectErrorStream(true).redirectOutput(workspace.resolve("serving.log").toFile());
        builder.environment().put("JUPYSHIP_VENV", PythonEnv.program("python").getParent().getParent().toString());
        builder.environment().put("JUPYSHIP_WORKSPACE", workspace.toString());
        builder.environment().put("JUPYSHIP_HOME", repository.toString());
        builder.environment().remove("JUPYSHIP_MODE_FILE");
        builder.environment().putAll(servingEnvironment);
        return builder.start();
    }

    private JsonNode awaitServing(int port, String run) throws Exception {
        JsonNode[] ready = new JsonNode[1];
        HangGuard.until("serving to answer with " + run + " (log: " + log() + ")", () -> {
            try {
                ready[0] = get(port, "/readyz");
                return run.equals(ready[0].path("run").asText());
            } catch (IOException e) {
                return false;
            }
        });
        return ready[0];
    }

    private JsonNode awaitRefused(int port, String run) throws Exception {
        JsonNode[] refused = new JsonNode[1];
        HangGuard.until("serving to refuse " + run, () -> {
            try {
                refused[0] = get(port, "/metadata").path("refused");
                return run.equals(refused[0].path("run").asText());
            } catch (IOException e) {
                return false;
            }
        });
        return refused[0];
    }

    private void awaitCleared(int port, String run) throws Exception {
        HangGuard.until("serving to follow the champion back to " + run, () -> {
            try {
                JsonNode metadata = get(port, "/metadata");
                return metadata.path("refused").isNull() && run.equals(metadata.path("following").path("champion").path("run").asText())
                        && run.equals(metadata.path("serving").path("run").asText());
            } catch (IOException e) {
                return false;
            }
        });
    }

    private String log() {
        try {
            return Files.readString(workspace.resolve("serving.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private JsonNode get(int port, String path) throws IOException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return Jsons.MAPPER.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private HttpResponse<String> post(int port, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode predict(int port, String body) throws Exception {
        HttpResponse<String> response = post(port, body);
        assertEquals(200, response.statusCode(), response.body());
        return Jsons.MAPPER.readTree(response.body());
    }

    /** Four clients predicting without pause, each answer checked against the model of the run that gave it. */
    private final class Load implements AutoCloseable {
        final Map<String, AtomicLong> byRun = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicLong wrongAnswers = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> clients;
        /** offset of each run's model, by its run id, learnt from the first answer to x = 0 */
        final Map<String, Double> offsets = new ConcurrentHashMap<>();

        Load(int port) {
            clients = java.util.stream.IntStream.range(0, 4).mapToObj(i -> start("load-" + i, () -> {
                int n = 0;
                while (running.get()) {
                    double x = (n++ % 7) - 3;
                    try {
                        HttpResponse<String> response = post(port, "{\"rows\": [{\"x\": " + x + "}, {\"x\": 0}]}");
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                            continue;
                        }
                        JsonNode body = Jsons.MAPPER.readTree(response.body());
                        String run = body.path("run").asText();
                        double offset = body.path("predictions").get(1).asDouble();
                        Double known = offsets.putIfAbsent(run, offset);
                        if ((known != null && known != offset) || body.path("predictions").get(0).asDouble() != 2 * x + offset) {
                            wrongAnswers.incrementAndGet();
                        }
                        byRun.computeIfAbsent(run, r -> new AtomicLong()).incrementAndGet();
                    } catch (IOException e) {
                        failures.add(e.toString());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            })).toList();
        }

        private static Thread start(String name, Runnable client) {
            Thread thread = new Thread(client, name);
            thread.start();
            return thread;
        }

        long answered(String run) {
            AtomicLong count = byRun.get(run);
            return count == null ? 0 : count.get();
        }

        void awaitAnswers(String run, long count) throws InterruptedException {
            long from = answered(run);
            HangGuard.until(count + " answers from " + run, () -> answered(run) >= from + count || !failures.isEmpty());
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }

        @Override
        public String toString() {
            return "answers by run " + byRun + ", " + failures.size() + " failed";
        }
    }

    /** The test's own notebook: a model that answers 2x + offset, or raises (broken = "predict"), or is no pickle (broken = "load"). */
    private static String doublerNotebook() throws IOException {
        String contract = """
                {"parameters": {"output_dir": {"type": "str"}, "offset": {"type": "float"}, "broken": {"type": "str", "allowed": ["", "predict", "load"]}},
                 "outputs": {"model": {"path": "model.pkl", "name": "doubler", "method": "predict", "input": {"x": "float"}, "output": "float",
                                       "sample_input": [{"x": 1.0}, {"x": 2.5}]},
                             "metrics": {"keys": {"score": {"better": "higher"}}}},
                 "test_parameters": {"offset": 1.0}}""";
        List<String[]> cells = List.of(
                new String[] {"parameters", "output_dir = \"outputs\"\noffset = 0.0\nbroken = \"\""},
                new String[] {"", "import json\nimport os\n\nimport cloudpickle"},
                new String[] {"", """
                        class Doubler:
                            def __init__(self, offset, broken):
                                self.offset = offset
                                self.broken = broken

                            def predict(self, rows):
                                if self.broken == "predict":
                                    raise RuntimeError("broken on purpose")
                                return [2 * row["x"] + self.offset for row in rows]


                        model = Doubler(offset, broken)"""},
                new String[] {"", """
                        os.makedirs(output_dir, exist_ok=True)
                        with open(os.path.join(output_dir, "model.pkl"), "wb") as f:
                            if broken == "load":
                                f.write(b"not a pickle")
                            else:
                                cloudpickle.dump(model, f)
                        with open(os.path.join(output_dir, "metrics.json"), "w") as f:
                            json.dump({"score": 1.0}, f)"""});
        StringBuilder json = new StringBuilder("{\"cells\": [");
        for (int i = 0; i < cells.size(); i++) {
            String[] cell = cells.get(i);
            json.append(i == 0 ? "" : ",").append("{\"cell_type\": \"code\", \"execution_count\": null, \"id\": \"c").append(i)
                    .append("\", \"metadata\": {").append(cell[0].isEmpty() ? "" : "\"tags\": [\"parameters\"]").append("}, \"outputs\": [], \"source\": ")
                    .append(Jsons.MAPPER.writeValueAsString(cell[1])).append("}");
        }
        json.append("], \"metadata\": {\"kernelspec\": {\"display_name\": \"Python 3\", \"language\": \"python\", \"name\": \"python3\"}, ")
                .append("\"jupyship\": {\"contract\": ").append(contract).append("}}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        return json.toString();
    }
}
