package dev.jupyship.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeploySettings;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.errors.NotFound;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules a cluster fires (Kubernetes CronJobs, stood in for by a target that records what it is
 * asked): each kept in step with the store, the notebook staged as checked when added, and
 * {@code fire} running each slot once, from that notebook, whatever the workspace holds by then.
 */
class ClusterFiredSchedulesTest {

    @TempDir
    Path workspace;

    private static final String CONTRACT = "{\"parameters\": {\"score\": {\"type\": \"float\", \"default\": 0.5, \"max\": 1},"
            + " \"output_dir\": {\"type\": \"str\", \"default\": \"x\"}}}";

    private final SettableClock clock = new SettableClock("2026-12-07T01:00:00Z");
    private final HeldJobsCluster cluster = new HeldJobsCluster();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private boolean refuse;
    private Deployer deployer;
    private Schedules schedules;

    private final ScheduleTarget target = new ScheduleTarget() {
        @Override
        public void put(Schedule schedule) throws IOException {
            if (refuse) {
                throw new IOException("the Kubernetes API answered 403 when asked to create or update the CronJob " + schedule.id());
            }
            asked.add("put " + schedule.id() + (schedule.paused() ? " suspended" : "") + " '" + schedule.cron() + "' " + schedule.timeZone());
        }

        @Override
        public void remove(String id) {
            asked.add("remove " + id);
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", "print(score)"), CONTRACT);
        deployer = new Deployer(workspace, new LocalArtifactStore(workspace.resolve(".jupyship")), cluster, DeployConfig.defaults(),
                Clock.systemUTC(), DeploySettings.defaults());
        schedules = new Schedules(deployer, clock);
        schedules.fireOn(target);
    }

    @AfterEach
    void tearDown() {
        deployer.close();
    }

    @Test
    void eachScheduleIsKeptInStepWithTheClusterAndFiresEachSlotOnceFromTheNotebookAsScheduled() throws Exception {
        Schedule schedule = schedules.add(new ScheduleRequest("train.ipynb", "0 3 * * *", "Europe/Paris", Map.of("score", 0.75), null));
        String id = schedule.id();
        assertEquals(List.of("put " + id + " '0 3 * * *' Europe/Paris"), asked);
        // The workspace's notebook changes after: the cluster runs it as it was checked when scheduled.
        byte[] scheduled = Files.readAllBytes(workspace.resolve("train.ipynb"));
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", "print('edited')"),
                CONTRACT);

        try (EmbeddedScheduler embedded = new EmbeddedScheduler(schedules)) {
            clock.set("2026-12-07T02:00:05Z"); // 03:00 in Paris
            assertEquals(0, embedded.tick(), "the cluster fires them: this process's scheduler does not");
        }
        Schedules.Fired fired = schedules.fire(id);
        assertEquals(1, cluster.submitted.size(), String.valueOf(fired.note()));
        RunManifest run = fired.run();
        assertEquals(id, run.schedule());
        assertEquals("schedule:" + id + ":2026-12-07T02:00:00Z", run.idempotencyKey());
        assertEquals(Map.of("score", 0.75), run.parameters());
        assertEquals(new String(scheduled, StandardCharsets.UTF_8),
                Files.readString(cluster.submitted.get(0).notebook()), "the staged notebook, not the edited one");
        assertEquals(run.id(), schedules.show(id).schedule().lastRun());

        // The controller's retry of the same slot, or a second pod: nothing more.
        Schedules.Fired again = schedules.fire(id);
        assertNull(again.run());
        assertTrue(again.note().startsWith("schedule " + id + " has no slot to run at "), again.note());
        assertEquals(1, cluster.submitted.size());

        schedules.pause(id);
        clock.set("2026-12-08T02:00:05Z");
        assertEquals("schedule " + id + " is paused: nothing to run", schedules.fire(id).note());
        schedules.resume(id);
        assertEquals(List.of("put " + id + " '0 3 * * *' Europe/Paris", "put " + id + " suspended '0 3 * * *' Europe/Paris",
                "put " + id + " '0 3 * * *' Europe/Paris"), asked);
        clock.set("2026-12-09T02:00:02Z");
        assertEquals("schedule:" + id + ":2026-12-09T02:00:00Z", schedules.fire(id).run().idempotencyKey());

        schedules.delete(id);
        assertEquals("remove " + id, asked.get(asked.size() - 1));
        assertEquals(List.of(), deployer.store().list(ScheduleStore.INPUTS), "its staged notebook goes with it");
        assertEquals("schedule " + id + " no longer exists: nothing to run (its CronJob is left from before its deletion)",
                schedules.fire(id).note());
    }

    @Test
    void aScheduleTheClusterRefusesIsNotKept() throws Exception {
        refuse = true;
        IOException refused = assertThrows(IOException.class,
                () -> schedules.add(new ScheduleRequest("train.ipynb", "0 3 * * *", null, Map.of(), null)));
        assertTrue(refused.getMessage().contains("answered 403"), refused.getMessage());
        assertEquals(List.of(), schedules.list(null));
        assertEquals(List.of(), deployer.store().list(ScheduleStore.INPUTS));
        assertThrows(NotFound.class, () -> schedules.show("train-000000"));
    }
}
