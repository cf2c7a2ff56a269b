package dev.jupyship.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.json.Jsons;
import dev.jupyship.schedule.MissedSlots;
import dev.jupyship.schedule.Schedule;
import dev.jupyship.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts from what the features built on deploy decide: a run the gate kept from a champion, schedules that missed or could not start. */
class DecisionAlertsTest {

    @TempDir
    Path folder;

    private WebhookReceiver receiver;
    private Alerts alerts;

    @BeforeEach
    void setUp() throws Exception {
        receiver = WebhookReceiver.start();
        alerts = new Alerts(WebhookSenderTest.config(3, WebhookSenderTest.hook(receiver.url(), "json")),
                new LocalArtifactStore(folder.resolve("store")), WebhookSenderTest.QUICK);
    }

    @AfterEach
    void tearDown() {
        alerts.close();
        receiver.close();
    }

    private static RunManifest succeeded(String id, Promotion promotion) {
        return new RunManifest(id, "churn", "train.ipynb", null, null, Map.of(), "local", "dev", "local", RunStatus.SUCCEEDED,
                Instant.parse("2026-12-07T03:00:00Z"), null, null, null, Map.of("auc", 0.81), null, null, null, null, null, null, null)
                .withPromotion(promotion);
    }

    private List<JsonNode> events(int count) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (WebhookReceiver.Received received : receiver.awaitRequests(count)) {
            events.add(Jsons.MAPPER.readTree(received.body()));
        }
        return events;
    }

    @Test
    void onlyARunKeptFromAChampionAlertsNotPromoted() throws Exception {
        Instant at = Instant.parse("2026-12-07T03:05:00Z");
        alerts.stored(succeeded("20261207T030000Z-aaaaaa", new Promotion(Promotion.Decision.PROMOTED, List.of(), "model", "r0", Map.of(), at)));
        alerts.stored(succeeded("20261207T030000Z-bbbbbb", new Promotion(Promotion.Decision.NOT_PROMOTED,
                List.of("no metric of the contract has a direction (better)"), "model", null, Map.of(), at)));
        alerts.stored(succeeded("20261207T030000Z-cccccc", new Promotion(Promotion.Decision.NOT_PROMOTED,
                List.of("auc 0.81 is below the champion's 0.86 minus the allowed 0.02"), "model", "20261201T030000Z-champn", Map.of(), at)));
        alerts.stored(succeeded("20261207T030000Z-dddddd", null));
        JsonNode event = events(1).get(0);
        alerts.close(); // sends what is queued: anything else would show now
        assertEquals(1, receiver.received().size(), receiver.received().toString());
        assertEquals("not_promoted:20261207T030000Z-cccccc", event.path("key").asText());
        assertEquals("train.ipynb run 20261207T030000Z-cccccc was not promoted: auc 0.81 is below the champion's 0.86 minus the allowed 0.02",
                event.path("summary").asText());
    }

    @Test
    void missedSlotsAndRunsThatCouldNotStartAreScheduleMissed() throws Exception {
        Schedule nightly = new Schedule("nightly-train", "churn", "train.ipynb", "0 3 * * *", "UTC", Map.of(), null, false, "ana",
                Instant.parse("2026-12-01T00:00:00Z"), null, null, null, null);
        ScheduleAlerts listener = new ScheduleAlerts(alerts, Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
        listener.missed(new MissedSlots(nightly, Instant.parse("2026-12-07T03:00:00Z"), Duration.ofMinutes(95), 2,
                Instant.parse("2026-12-05T03:00:00Z")));
        listener.notStarted(nightly, null, "the deploy gate refused it: 1 error-severity finding");
        List<JsonNode> events = events(2);
        events.sort(java.util.Comparator.comparing(e -> e.path("key").asText()));
        assertEquals("schedule_missed:nightly-train:2026-12-07T03:00:00Z", events.get(0).path("key").asText());
        assertEquals("schedule nightly-train of train.ipynb missed its run due at 2026-12-07T03:00:00Z: no scheduler was running;"
                + " 2 earlier runs were skipped; it runs now, 95 min late", events.get(0).path("summary").asText());
        assertEquals("schedule_missed:nightly-train:2026-12-07T10:00:00Z", events.get(1).path("key").asText());
        assertEquals("schedule nightly-train of train.ipynb missed its run due at 2026-12-07T10:00:00Z: its run could not be started:"
                + " the deploy gate refused it: 1 error-severity finding", events.get(1).path("summary").asText());
    }
}
