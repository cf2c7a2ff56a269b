package dev.jupyship.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.json.Jsons;
import dev.jupyship.json.TomlTrees;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.WebhookReceiver;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Posting alerts to a real HTTP receiver: the payloads, retries and their backoff, giving up, once per event, and the URL kept secret. */
class WebhookSenderTest {

    /** Waits between tries short enough for a test, long enough to measure. */
    static final AlertSettings QUICK = AlertSettings.defaults().withBackoff(Duration.ofMillis(20), Duration.ofSeconds(2));

    @TempDir
    Path folder;

    private LocalArtifactStore store;
    private WebhookReceiver receiver;
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger alertsLog = Logger.getLogger("dev.jupyship.alerts");
    /** Every logger's records reach the root's handlers: the JDK's HTTP client's too. */
    private final Logger rootLog = Logger.getLogger("");
    private Level levelBefore;

    @BeforeEach
    void setUp() throws IOException {
        store = new LocalArtifactStore(folder.resolve("store"));
        receiver = WebhookReceiver.start();
        levelBefore = alertsLog.getLevel();
        alertsLog.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        rootLog.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        rootLog.removeHandler(capture);
        alertsLog.setLevel(levelBefore);
        receiver.close();
        assertNoSecretLogged();
    }

    /** Every record, formatted as a handler would print it (message, parameters, exception and its causes): never the URL's secret path. */
    private void assertNoSecretLogged() {
        SimpleFormatter formatter = new SimpleFormatter();
        synchronized (logged) {
            for (LogRecord record : logged) {
                String printed = formatter.format(record);
                assertFalse(printed.contains(WebhookReceiver.SECRET), "a log record shows the webhook's secret: " + printed);
            }
        }
    }

    static AlertsConfig config(int attempts, String... hooks) throws IOException {
        StringBuilder toml = new StringBuilder("[alerts]\nattempts = " + attempts + "\ntimeout_seconds = 5\n");
        for (String hook : hooks) {
            toml.append("[[alerts.webhook]]\n").append(hook).append('\n');
        }
        return AlertsConfig.parse(TomlTrees.read(toml.toString()).path("alerts"), "jupyship.toml", Map.of()).orElseThrow();
    }

    static String hook(String url, String format) {
        return "url = \"" + url + "\"\nformat = \"" + format + "\"";
    }

    static RunManifest run(String id, String notebook) {
        return new RunManifest(id, "churn", notebook, "main", null, Map.of(), "local", "dev", "local", RunStatus.SUCCEEDED,
                Instant.parse("2026-12-07T06:00:00Z"), Instant.parse("2026-12-07T06:00:01Z"), Instant.parse("2026-12-07T06:10:00Z"),
                null, Map.of("auc", 0.81), List.of(), null, null, null, null, null, "jupyter-ana");
    }

    /** The claim's record of what became of the event at the webhook, once there is one. */
    private JsonNode outcome(ArtifactStore in, Webhook webhook, String key) throws Exception {
        AlertEvent probe = new AlertEvent(AlertKind.RUN_FAILED, key, "p", "n", null, "s", Map.of(), Instant.EPOCH);
        String claim = WebhookSender.claimKey(webhook, probe);
        HangGuard.until("the outcome of " + key + " at " + webhook, () -> {
            try {
                return in.exists(claim) && Jsons.MAPPER.readTree(in.read(claim)).has("outcome");
            } catch (IOException e) {
                return false;
            }
        });
        return Jsons.MAPPER.readTree(in.read(claim));
    }

    @Test
    void slackAndJsonPayloadsAsReceived() throws Exception {
        try (WebhookReceiver plain = WebhookReceiver.start()) {
            AlertsConfig config = config(3, hook(receiver.url(), "slack"), hook(plain.url(), "json"));
            try (Alerts alerts = new Alerts(config, store, QUICK)) {
                assertTrue(alerts.raise(new AlertEvent(AlertKind.RUN_FAILED, "run_failed:r1", "churn", "train.ipynb", "r1",
                        "train.ipynb run r1 failed: cell 3 raised ValueError: x < 0 & y > 1", Map.of("cell", 3), Instant.EPOCH)));
                alerts.notPromoted(run("r2", "train.ipynb"), List.of("auc 0.81 is below the champion's 0.86 minus the allowed 0.02"));

                List<WebhookReceiver.Received> slack = receiver.awaitRequests(2);
                WebhookReceiver.Received failed = slack.stream().filter(r -> r.body().contains("Run failed")).findFirst().orElseThrow();
                assertEquals("POST", failed.method());
                assertEquals("/services/" + WebhookReceiver.SECRET, failed.path());
                assertTrue(failed.headers().get("Content-type").get(0).startsWith("application/json"), failed.headers().toString());
                JsonNode message = Jsons.MAPPER.readTree(failed.body());
                assertEquals("Run failed: train.ipynb run r1 failed: cell 3 raised ValueError: x &lt; 0 &amp; y &gt; 1 "
                        + "(churn · train.ipynb · run r1)", message.path("text").asText(), "Slack's text, its markup escaped");
                assertEquals("section", message.path("blocks").path(0).path("type").asText());
                assertTrue(message.path("blocks").path(0).path("text").path("text").asText().startsWith("*Run failed*\n"));
                assertEquals("churn · train.ipynb · run r1", message.path("blocks").path(1).path("elements").path(0).path("text").asText());

                JsonNode notPromoted = Jsons.MAPPER.readTree(slack.stream().filter(r -> r.body().contains("Not promoted"))
                        .findFirst().orElseThrow().body());
                assertEquals("• auc 0.81 is below the champion's 0.86 minus the allowed 0.02",
                        notPromoted.path("blocks").path(1).path("text").path("text").asText(), "each reason a bullet");

                List<WebhookReceiver.Received> json = plain.awaitRequests(2);
                JsonNode event = Jsons.MAPPER.readTree(json.stream().filter(r -> r.body().contains("not_promoted")).findFirst()
                        .orElseThrow().body());
                assertEquals("not_promoted", event.path("kind").asText());
                assertEquals("not_promoted:r2", event.path("key").asText());
                assertEquals("churn", event.path("project").asText());
                assertEquals("train.ipynb", event.path("notebook").asText());
                assertEquals("r2", event.path("run").asText());
                assertEquals("train.ipynb run r2 was not promoted: auc 0.81 is below the champion's 0.86 minus the allowed 0.02",
                        event.path("summary").asText());
                assertEquals("auc 0.81 is below the champion's 0.86 minus the allowed 0.02", event.path("details").path("reasons").path(0).asText());
                assertEquals(0.81, event.path("details").path("metrics").path("auc").asDouble());
                assertEquals("main", event.path("details").path("ref").asText());
                assertTrue(event.hasNonNull("at"));
            }
        }
    }

    @Test
    void retriesAfter500And429WithBackoffThenDelivers() throws Exception {
        receiver.answer(500).answer(429, Map.of("Retry-After", "1"));
        AlertsConfig config = config(4, hook(receiver.url(), "json"));
        try (Alerts alerts = new Alerts(config, store, QUICK)) {
            alerts.scheduleMissed("churn", "nightly", "train.ipynb", Instant.parse("2026-12-07T02:00:00Z"), "the sidecar was down");
            List<WebhookReceiver.Received> tries = receiver.awaitRequests(3);
            JsonNode record = outcome(store, config.webhooks().get(0), "schedule_missed:nightly:2026-12-07T02:00:00Z");
            assertEquals("delivered", record.path("outcome").asText());
            assertEquals(3, record.path("attempts").asInt());
            assertEquals("webhook 1 (127.0.0.1)", record.path("webhook").asText(), "the record names the webhook by its host");
            long firstWait = tries.get(1).atNanos() - tries.get(0).atNanos();
            long secondWait = tries.get(2).atNanos() - tries.get(1).atNanos();
            assertTrue(firstWait >= Duration.ofMillis(20).toNanos(), "waited the first backoff after a 500: " + firstWait);
            assertTrue(secondWait >= Duration.ofSeconds(1).toNanos(), "waited as Retry-After asked after a 429: " + secondWait);
            assertEquals(List.of(tries.get(0).body(), tries.get(0).body()), List.of(tries.get(1).body(), tries.get(2).body()), "the same payload each try");
        }
        assertEquals(3, receiver.received().size(), "no try after the delivery");
    }

    @Test
    void a400IsNotTriedAgainAndRepeatedFailuresGiveUp() throws Exception {
        receiver.answer(400, 503, 503, 503);
        AlertsConfig config = config(3, hook(receiver.url(), "slack"));
        try (Alerts alerts = new Alerts(config, store, QUICK)) {
            alerts.notPromoted(run("r1", "a.ipynb"), List.of("auc fell"));
            JsonNode refused = outcome(store, config.webhooks().get(0), "not_promoted:r1");
            assertEquals("refused: HTTP 400 (status 400)", refused.path("outcome").asText());
            assertEquals(1, refused.path("attempts").asInt());
            assertEquals(1, receiver.received().size(), "a 400 is final");

            alerts.notPromoted(run("r2", "a.ipynb"), List.of("auc fell"));
            JsonNode gaveUp = outcome(store, config.webhooks().get(0), "not_promoted:r2");
            assertEquals("gave up: HTTP 503 (status 503)", gaveUp.path("outcome").asText());
            assertEquals(3, gaveUp.path("attempts").asInt(), "the configured attempts, no more");
            assertEquals(4, receiver.received().size());
        }
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().contains("not sent to webhook 1 (127.0.0.1): it answered HTTP 400")),
                "the refusal is logged with the webhook's host");
    }

    @Test
    void anUnreachableWebhookIsTriedAgainAndNeitherLogsNorRecordsItsUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/services/" + WebhookReceiver.SECRET;
        AlertsConfig config = config(2, hook(url, "json"));
        try (Alerts alerts = new Alerts(config, store, QUICK)) {
            alerts.notPromoted(run("r1", "a.ipynb"), List.of("auc fell"));
            JsonNode record = outcome(store, config.webhooks().get(0), "not_promoted:r1");
            assertTrue(record.path("outcome").asText().startsWith("gave up: ConnectException"), record.toString());
            assertEquals(2, record.path("attempts").asInt());
            for (String key : store.list(WebhookSender.SENT)) {
                String stored = new String(store.read(key), java.nio.charset.StandardCharsets.UTF_8);
                assertFalse(stored.contains(WebhookReceiver.SECRET) || key.contains(WebhookReceiver.SECRET), stored);
            }
        }
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().contains("not sent to webhook 1 (127.0.0.1) after 2 tries")),
                "giving up is logged");
    }

    @Test
    void aWebhookThatDoesNotAnswerInTimeIsTriedAgainThenGivenUp() throws Exception {
        receiver.stall(Duration.ofSeconds(5)).stall(Duration.ofSeconds(5));
        AlertsConfig configured = config(2, hook(receiver.url(), "json"));
        AlertsConfig config = new AlertsConfig(configured.webhooks(), configured.runTooLongFactor(), null, 2, Duration.ofSeconds(1),
                configured.source());
        try (Alerts alerts = new Alerts(config, store, QUICK)) {
            alerts.notPromoted(run("r1", "a.ipynb"), List.of("auc fell"));
            JsonNode record = outcome(store, config.webhooks().get(0), "not_promoted:r1");
            assertEquals("gave up: HttpTimeoutException: request timed out", record.path("outcome").asText());
            assertEquals(2, record.path("attempts").asInt());
        }
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().contains("after 2 tries: [HttpTimeoutException: request timed out, "
                + "HttpTimeoutException: request timed out]")), "the log says why");
    }

    @Test
    void exactlyOneDeliveryPerEventWhenTwoSendersShareALocalStore() throws Exception {
        ArtifactStore sidecar = new LocalArtifactStore(folder.resolve("shared"));
        ArtifactStore cli = new LocalArtifactStore(folder.resolve("shared"));
        assertOneDeliveryEach(receiver, sidecar, cli);
    }

    /** Two senders (as two processes would have) raise the same 20 events at once: the receiver gets each once. */
    static void assertOneDeliveryEach(WebhookReceiver receiver, ArtifactStore first, ArtifactStore second) throws Exception {
        AlertsConfig config = config(3, hook(receiver.url(), "json"));
        int events = 20;
        try (Alerts one = new Alerts(config, first, QUICK); Alerts other = new Alerts(config, second, QUICK)) {
            Thread raising = new Thread(() -> {
                for (int i = 0; i < events; i++) {
                    one.notPromoted(run("r" + i, "train.ipynb"), List.of("worse"));
                }
            });
            raising.start();
            for (int i = events - 1; i >= 0; i--) {
                other.notPromoted(run("r" + i, "train.ipynb"), List.of("worse"));
            }
            raising.join();
            one.notPromoted(run("r0", "train.ipynb"), List.of("raised again in the same process"));
            receiver.awaitRequests(events);
        } // closing sends what is queued: both are done
        Set<String> keys = new TreeSet<>();
        for (WebhookReceiver.Received received : receiver.received()) {
            keys.add(Jsons.MAPPER.readTree(received.body()).path("key").asText());
        }
        assertEquals(events, receiver.received().size(), "one delivery per event: " + keys);
        assertEquals(events, keys.size());
        assertEquals(events, first.list(WebhookSender.SENT).size(), "one claim per event and webhook");
    }
}
