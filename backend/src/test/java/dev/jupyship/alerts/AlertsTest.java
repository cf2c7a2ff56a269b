package dev.jupyship.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.DeploySettings;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.json.Jsons;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts from a deployer's runs (a scripted cluster, no papermill): a failed run, broken metric bounds, a run taking too long. */
class AlertsTest {

    @TempDir
    Path workspace;

    private LocalArtifactStore store;
    private WebhookReceiver receiver;
    private final ScriptedCluster cluster = new ScriptedCluster();

    /** Jobs that run, succeed or fail when the test says. */
    static final class ScriptedCluster extends dev.jupyship.testing.ScriptedCluster {
        void end(String id, RunStatus status, RunFailure failure) {
            jobs.get(id).end(status, failure);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        store = new LocalArtifactStore(workspace.resolve(".jupyship"));
        receiver = WebhookReceiver.start();
        TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5", "print(score)");
        TinyNotebooks.write(workspace.resolve("slow.ipynb"), "score = 0.5", "print(score)");
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private Deployer deployer() throws Exception {
        return new Deployer(workspace, store, cluster, DeployConfig.defaults(), Clock.systemUTC(),
                DeploySettings.defaults().withUploadBackoff(Duration.ofMillis(1)));
    }

    private RunManifest deploy(Deployer deployer, String notebook) throws Exception {
        // each its own key: the same notebook deployed again within seconds would be taken for a double click
        return deployer.deploy(new DeployRequest(notebook, null, Map.of(), null, false, java.util.UUID.randomUUID().toString()));
    }

    private RunManifest ended(Deployer deployer, RunManifest run, RunStatus status, RunFailure failure) throws Exception {
        cluster.end(run.id(), status, failure);
        RunManifest ended = deployer.await(run.id(), HangGuard.LIMIT);
        assertEquals(status, ended.status());
        return ended;
    }

    private JsonNode body(WebhookReceiver.Received received) throws Exception {
        return Jsons.MAPPER.readTree(received.body());
    }

    @Test
    void aFailedRunProducesExactlyOneAlertAndOtherEndsNone() throws Exception {
        AlertsConfig config = WebhookSenderTest.config(3, WebhookSenderTest.hook(receiver.url(), "json"));
        RunManifest failed;
        try (Deployer deployer = deployer()) {
            Alerts.attach(deployer, config, WebhookSenderTest.QUICK);
            ended(deployer, deploy(deployer, "train.ipynb"), RunStatus.SUCCEEDED, null);
            RunManifest cancelled = deploy(deployer, "train.ipynb");
            deployer.cancel(cancelled.id());
            deployer.await(cancelled.id(), HangGuard.LIMIT);
            failed = ended(deployer, deploy(deployer, "train.ipynb"), RunStatus.FAILED,
                    RunFailure.of("cell-error", "cell 2 raised ValueError: no rows"));
            receiver.awaitRequests(1);
        } // the deployer closes its alerts, which send what is queued
        assertEquals(1, receiver.received().size(), "one alert, for the failed run only");
        JsonNode event = body(receiver.received().get(0));
        assertEquals("run_failed", event.path("kind").asText());
        assertEquals("run_failed:" + failed.id(), event.path("key").asText());
        assertEquals(failed.id(), event.path("run").asText());
        assertEquals(workspace.getFileName().toString(), event.path("project").asText());
        assertEquals("train.ipynb run " + failed.id() + " failed: cell 2 raised ValueError: no rows", event.path("summary").asText());
        assertEquals("cell-error", event.path("details").path("failure").asText());
    }

    @Test
    void aRunWhoseMetricsBrokeItsContractIsMetricOutOfBounds() throws Exception {
        AlertsConfig config = WebhookSenderTest.config(3, WebhookSenderTest.hook(receiver.url(), "slack"));
        try (Deployer deployer = deployer()) {
            Alerts.attach(deployer, config, WebhookSenderTest.QUICK);
            ended(deployer, deploy(deployer, "train.ipynb"), RunStatus.FAILED,
                    RunFailure.of(Alerts.METRICS_FAILURE, "mae 0.41 is above the contract's maximum 0.30"));
            receiver.awaitRequests(1);
        }
        assertEquals(1, receiver.received().size());
        String text = body(receiver.received().get(0)).path("text").asText();
        assertTrue(text.startsWith("Metric out of bounds: train.ipynb run "), text);
        assertTrue(text.contains("broke its contract's metric bounds: mae 0.41 is above the contract's maximum 0.30"), text);
    }

    @Test
    void aRunLongerThanExpectedAlertsOncePerRun() throws Exception {
        // slow.ipynb has no history: the fixed limit; train.ipynb has three succeeded runs: a multiple of their median
        AlertsConfig config = WebhookSenderTest.config(3, WebhookSenderTest.hook(receiver.url(), "json") + "\nevents = [\"run_too_long\"]");
        config = new AlertsConfig(config.webhooks(), 3.0, 60, config.attempts(), config.timeout(), config.source());
        Clock threeHoursOn = Clock.offset(Clock.systemUTC(), Duration.ofHours(3));
        AlertSettings checkedOften = WebhookSenderTest.QUICK.withChecks(Duration.ofMillis(20), threeHoursOn);
        try (Deployer deployer = deployer()) {
            for (int i = 0; i < 3; i++) {
                RunManifest quick = deploy(deployer, "train.ipynb");
                cluster.jobs.get(quick.id()).status = RunStatus.RUNNING;
                HangGuard.until("run " + quick.id() + " started", () -> deployer.require(quick.id()).startedAt() != null);
                ended(deployer, quick, RunStatus.SUCCEEDED, null);
            }
            Alerts.attach(deployer, config, checkedOften);
            RunManifest slow = deploy(deployer, "slow.ipynb");
            cluster.jobs.get(slow.id()).status = RunStatus.RUNNING;
            WebhookReceiver.Received first = receiver.awaitRequests(1).get(0);
            JsonNode event = body(first);
            assertEquals("run_too_long:" + slow.id(), event.path("key").asText());
            assertTrue(event.path("summary").asText().contains("longer than 1 h 0 min (run_too_long_minutes)"), event.toString());

            RunManifest stuck = deploy(deployer, "train.ipynb");
            cluster.jobs.get(stuck.id()).status = RunStatus.RUNNING;
            JsonNode second = body(receiver.awaitRequests(2).get(1));
            assertEquals("run_too_long:" + stuck.id(), second.path("key").asText());
            assertTrue(second.path("summary").asText().contains("(3.0 × the median"), second.toString());
            assertTrue(second.path("details").path("limit").asText().endsWith("of its last 3 succeeded runs)"), second.toString());
        }
        assertEquals(2, receiver.received().size(), "one alert per run, though every check found both too long");
    }

    @Test
    void attachingWithoutAnAlertsSectionStartsNothing() throws Exception {
        Files.writeString(workspace.resolve(DeployConfig.FILE), "[deploy]\ntarget = \"dev\"\n");
        DeployConfig config = DeployConfig.load(workspace, Map.of());
        try (Deployer deployer = new Deployer(workspace, store, cluster, config, Clock.systemUTC())) {
            long threads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("alerts-")).count();
            assertTrue(Alerts.attach(deployer, Map.of()).isEmpty());
            assertEquals(threads, Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("alerts-")).count());
        }
        Files.writeString(workspace.resolve(DeployConfig.FILE), "[[alerts.webhook]]\nurl = \"" + receiver.url() + "\"\n");
        try (Deployer deployer = new Deployer(workspace, store, cluster, DeployConfig.load(workspace, Map.of()), Clock.systemUTC())) {
            assertTrue(Alerts.attach(deployer, Map.of()).isPresent());
        }
    }
}
