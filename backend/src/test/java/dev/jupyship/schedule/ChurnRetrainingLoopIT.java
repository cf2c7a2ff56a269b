package dev.jupyship.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.alerts.Alerts;
import dev.jupyship.alerts.AlertsConfig;
import dev.jupyship.alerts.ScheduleAlerts;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.SnapshotUse;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.json.Jsons;
import dev.jupyship.promotion.Champions;
import dev.jupyship.promotion.PromotionCompletion;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.GcsEmulator;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.PythonEnv;
import dev.jupyship.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The continuous-training loop of examples/churn_retraining.ipynb with the local batch runner (real
 * papermill runs) and the sidecar's own scheduler on a clock the test sets, on the embedded default's
 * local store and on a GCS bucket (a real fake-gcs-server, which the notebook reads its gs:// snapshot
 * from, as a batch reads GCS): a nightly schedule trains on the newest data snapshot, which examples/churn_snapshots.py
 * writes; the first night's run becomes the champion; the next night's, on noisier and drifted data,
 * succeeds but is refused with its reason and alerts the webhook once; a promotion by hand and a
 * rollback move the champion and back; a rerun of the champion reads the same snapshot (same
 * fingerprint) and reproduces its metrics.
 */
class ChurnRetrainingLoopIT {

    private static final String NOTEBOOK = "churn_retraining.ipynb";
    private static final Pattern REFUSED = Pattern.compile("auc (0\\.\\d+) is below the champion's (0\\.\\d+) minus the allowed 0\\.02");

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @TempDir
    Path workspace;

    /** The store's root for the snapshot script (a folder or gs://bucket/prefix), and what the script's process needs to reach it. */
    private String storeRoot;
    private Map<String, String> storeEnvironment = Map.of();

    /** Writes one version of datasets/churn into the local store, with the example's own script. */
    private void snapshot(String version, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(PythonEnv.program("python").toString(),
                Corpus.repository().resolve("examples/churn_snapshots.py").toString(), storeRoot, version));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(storeEnvironment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
    }

    private static RunManifest ended(Deployer deployer, String id) throws Exception {
        RunManifest run = deployer.await(id, HangGuard.LIMIT);
        assertEquals(RunStatus.SUCCEEDED, run.status(), () -> run.id() + ": " + run.failure());
        return run;
    }

    private static SnapshotUse trainData(RunManifest run) {
        assertEquals(Set.of("train_data"), run.snapshots().keySet(), run.snapshots().toString());
        return run.snapshots().get("train_data");
    }

    @ParameterizedTest(name = "on the {0} store")
    @ValueSource(strings = {"local", "gcs"})
    void aScheduledRunIsPromotedAWorseOneIsRefusedAndAlertsOnceAndARerunReproducesTheChampion(String kind) throws Exception {
        Files.copy(Corpus.repository().resolve("examples").resolve(NOTEBOOK), workspace.resolve(NOTEBOOK));
        Map<String, String> env = Map.of();
        storeRoot = workspace.resolve(".jupyship").toString();
        if (kind.equals("gcs")) {
            String bucket = GCS.newBucket();
            env = Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", bucket, "JUPYSHIP_STORE_PREFIX", "team-a",
                    "JUPYSHIP_STORE_ENDPOINT", GCS.endpoint());
            storeRoot = "gs://" + bucket + "/team-a";
            storeEnvironment = GCS.pythonEnvironment(Files.createDirectories(workspace.resolve("no-gcloud")));
        }
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Files.writeString(workspace.resolve("jupyship.toml"),
                    "[alerts]\n[[alerts.webhook]]\nurl = \"" + receiver.url() + "\"\nformat = \"json\"\n");
            DeployConfig config = DeployConfig.load(workspace, env);
            SettableClock clock = new SettableClock("2026-12-07T02:00:00Z");
            snapshot("2026-12-06");
            String refusedRun;
            try (Deployer deployer = Deployer.open(workspace, config, PythonEnvironment.ofVenv(PythonEnv.root()))) {
                Champions champions = PromotionCompletion.register(deployer);
                Alerts alerts = Alerts.attach(deployer, AlertsConfig.load(config, Map.of()).orElseThrow());
                Schedules schedules = new Schedules(deployer, clock);
                schedules.addListener(new ScheduleAlerts(alerts, clock));
                try (EmbeddedScheduler scheduler = new EmbeddedScheduler(schedules)) {
                    Schedule nightly = schedules.add(new ScheduleRequest(NOTEBOOK, "0 3 * * *", null, Map.of(), null));

                    clock.set("2026-12-07T03:00:02Z");
                    assertEquals(1, scheduler.tick());
                    RunManifest first = ended(deployer, schedules.show(nightly.id()).schedule().lastRun());
                    assertEquals(nightly.id(), first.schedule());
                    SnapshotUse firstData = trainData(first);
                    assertEquals("2026-12-06", firstData.version());
                    assertEquals(storeRoot + "/datasets/churn/snapshots/2026-12-06", firstData.location(), "the folder the notebook read");
                    assertEquals("latest", firstData.asked());
                    assertEquals("monthly_charges mean 70.09: no earlier version to compare with", firstData.validated().get(2),
                            "the contract's validation, part of the run");
                    assertEquals(Promotion.Decision.PROMOTED, first.promotion().decision(), first.promotion().toString());
                    assertEquals(first.id(), champions.show(NOTEBOOK, "churn").champion().run());

                    snapshot("2026-12-07", "--noise", "0.25", "--drift", "1");
                    clock.set("2026-12-08T03:00:01Z");
                    assertEquals(1, scheduler.tick());
                    RunManifest worse = ended(deployer, schedules.show(nightly.id()).schedule().lastRun());
                    refusedRun = worse.id();
                    assertEquals("2026-12-07", trainData(worse).version());
                    assertEquals("monthly_charges mean 79.66 moved 13.66% from 70.09 in 2026-12-06 (at most 25%)",
                            trainData(worse).validated().get(2), "the drift from the previous version, within the contract's bound");
                    assertEquals(Promotion.Decision.NOT_PROMOTED, worse.promotion().decision(), worse.promotion().toString());
                    assertEquals(1, worse.promotion().reasons().size(), worse.promotion().reasons().toString());
                    Matcher reason = REFUSED.matcher(worse.promotion().reasons().get(0));
                    assertTrue(reason.matches(), worse.promotion().reasons().get(0));
                    assertEquals(((Number) worse.metrics().get("auc")).doubleValue(), Double.parseDouble(reason.group(1)));
                    assertEquals(((Number) first.metrics().get("auc")).doubleValue(), Double.parseDouble(reason.group(2)));
                    assertEquals(first.id(), champions.show(NOTEBOOK, "churn").champion().run(), "the refused run is not champion");

                    JsonNode alert = Jsons.MAPPER.readTree(receiver.awaitRequests(1).get(0).body());
                    assertEquals("not_promoted:" + worse.id(), alert.path("key").asText(), alert.toString());

                    champions.promote(worse.id());
                    assertEquals(worse.id(), champions.show(NOTEBOOK, "churn").champion().run());
                    champions.rollback(NOTEBOOK, "churn", null);
                    assertEquals(first.id(), champions.show(NOTEBOOK, "churn").champion().run(), "rollback moves the champion back");

                    RunManifest again = ended(deployer, deployer.rerun(first.id(), null).id());
                    SnapshotUse againData = trainData(again);
                    assertEquals("2026-12-06", againData.version(), "a rerun reads its run's snapshot, not the latest");
                    assertNotNull(firstData.fingerprint());
                    assertEquals(firstData.fingerprint(), againData.fingerprint());
                    assertEquals(first.metrics(), again.metrics());
                }
            }
            // The deployer's close sends what its alerts queued: still the one alert.
            assertEquals(1, receiver.received().size(), receiver.received().toString());
            assertTrue(receiver.received().get(0).body().contains(refusedRun));
        }
    }
}
