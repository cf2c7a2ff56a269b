package dev.jupyship.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeploySettings;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.GateRefusal;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.NotFound;
import dev.jupyship.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded scheduler with a clock the test sets and a cluster that keeps its jobs: what runs when, and what is told. */
class EmbeddedSchedulerTest {

    @TempDir
    Path workspace;

    private static final String CONTRACT = "{\"parameters\": {\"score\": {\"type\": \"float\", \"default\": 0.5, \"max\": 1},"
            + " \"output_dir\": {\"type\": \"str\", \"default\": \"x\"}}}";

    private final SettableClock clock = new SettableClock("2026-12-07T02:00:00Z");
    private final HeldJobsCluster cluster = new HeldJobsCluster();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private LocalArtifactStore store;
    private Deployer deployer;
    private Schedules schedules;
    private EmbeddedScheduler scheduler;

    @BeforeEach
    void setUp() throws Exception {
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", "print(score)"), CONTRACT);
        store = new LocalArtifactStore(workspace.resolve(".jupyship"));
        open();
    }

    private void open() throws Exception {
        deployer = new Deployer(workspace, store, cluster, DeployConfig.defaults(), Clock.systemUTC(), DeploySettings.defaults());
        schedules = new Schedules(deployer, clock);
        schedules.addListener(new ScheduleListener() {
            @Override
            public void missed(MissedSlots missed) {
                heard.add("missed " + missed.ranLate() + " skipped " + missed.skipped() + " from " + missed.firstSkipped() + " late "
                        + missed.late().toMinutes() + " min");
            }

            @Override
            public void notStarted(Schedule schedule, Instant slot, String reason) {
                heard.add("not started " + slot + ": " + reason);
            }
        });
        scheduler = new EmbeddedScheduler(schedules);
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
        deployer.close();
    }

    private Schedule nightly() throws Exception {
        return schedules.add(new ScheduleRequest("train.ipynb", "0 3 * * *", null, Map.of("score", 0.75), null));
    }

    @Test
    void aDueScheduleDeploysExactlyOnceMarkedWithItsSchedule() throws Exception {
        Schedule schedule = nightly();
        assertEquals("UTC", schedule.timeZone());
        assertTrue(schedule.id().matches("train-[0-9a-f]{6}"), schedule.id());
        clock.set("2026-12-07T02:59:59Z");
        assertEquals(0, scheduler.tick());
        clock.set("2026-12-07T03:00:04Z");
        assertEquals(1, scheduler.tick());
        clock.set("2026-12-07T03:00:09Z");
        assertEquals(0, scheduler.tick());
        assertEquals(1, cluster.submitted.size());
        RunManifest run = deployer.require(cluster.submitted.get(0).runId());
        assertEquals(schedule.id(), run.schedule());
        assertEquals("schedule:" + schedule.id() + ":2026-12-07T03:00:00Z", run.idempotencyKey());
        assertEquals(Map.of("score", 0.75), run.parameters());
        Schedules.View view = schedules.show(schedule.id());
        assertEquals(run.id(), view.schedule().lastRun());
        assertEquals(Instant.parse("2026-12-07T03:00:00Z"), view.schedule().lastSlot());
        assertEquals(Instant.parse("2026-12-08T03:00:00Z"), view.nextRun());
        assertEquals(run.status(), view.lastRunStatus());
        assertEquals(List.of(), heard);
        // a restart (a new deployer and scheduler over the same store) does not run the slot again
        tearDown();
        open();
        assertEquals(0, scheduler.tick());
        clock.set("2026-12-08T03:00:01Z");
        assertEquals(1, scheduler.tick());
        assertEquals(2, cluster.submitted.size());
    }

    @Test
    void aPausedScheduleDoesNotRunAndResumingDoesNotCatchUp() throws Exception {
        Schedule schedule = nightly();
        assertTrue(schedules.pause(schedule.id()).schedule().paused());
        assertNull(schedules.show(schedule.id()).nextRun());
        clock.set("2026-12-07T03:00:01Z");
        assertEquals(0, scheduler.tick());
        clock.set("2026-12-07T09:00:00Z");
        assertEquals(Instant.parse("2026-12-08T03:00:00Z"), schedules.resume(schedule.id()).nextRun());
        assertEquals(0, scheduler.tick());
        assertEquals(List.of(), heard, "slots passed while paused are skipped, not missed");
        clock.set("2026-12-08T03:00:01Z");
        assertEquals(1, scheduler.tick());
        assertEquals(1, cluster.submitted.size());
    }

    @Test
    void theListIsReadEveryRereadButAPauseCountsAtOnce() throws Exception {
        clock.set("2026-12-07T02:59:40Z");
        assertEquals(0, scheduler.tick()); // lists: nothing yet
        Schedule schedule = nightly(); // added meanwhile (from the CLI, say)
        Schedule other = schedules.add(new ScheduleRequest("train.ipynb", "0 3 * * *", null, Map.of("score", 0.25), null));
        schedules.pause(other.id());
        clock.set("2026-12-07T03:00:01Z");
        assertEquals(0, scheduler.tick(), "not listed yet");
        clock.set("2026-12-07T03:00:10Z"); // 30 s after the last listing: listed again, run 10 s late, which is on time
        assertEquals(1, scheduler.tick());
        assertEquals(schedule.id(), deployer.require(cluster.submitted.get(0).runId()).schedule());
        // paused elsewhere between two listings: the pause counts at once
        schedules.resume(other.id());
        clock.set("2026-12-08T02:59:50Z");
        assertEquals(0, scheduler.tick()); // listed: both running, nothing due
        schedules.pause(schedule.id());
        clock.set("2026-12-08T03:00:05Z");
        assertEquals(1, scheduler.tick());
        assertEquals(other.id(), deployer.require(cluster.submitted.get(1).runId()).schedule());
        assertEquals(2, cluster.submitted.size());
        assertEquals(List.of(), heard);
    }

    @Test
    void slotsMissedWhileDownRunOnceForTheNewestAndTheMissIsTold() throws Exception {
        Schedule hourly = schedules.add(new ScheduleRequest("train.ipynb", "0 * * * *", null, Map.of(), null));
        clock.set("2026-12-07T07:10:00Z"); // down from 02:00: 03:00 to 06:00 skipped, 07:00 runs, 10 minutes late
        assertEquals(1, scheduler.tick());
        assertEquals(0, scheduler.tick());
        assertEquals(1, cluster.submitted.size());
        assertEquals("schedule:" + hourly.id() + ":2026-12-07T07:00:00Z", deployer.require(cluster.submitted.get(0).runId()).idempotencyKey());
        assertEquals(List.of("missed 2026-12-07T07:00:00Z skipped 4 from 2026-12-07T03:00:00Z late 10 min"), heard);
        // on time again: nothing told
        clock.set("2026-12-07T08:00:03Z");
        assertEquals(1, scheduler.tick());
        assertEquals(1, heard.size());
    }

    @Test
    void aRunThatCannotStartIsToldWithItsReasonAndNotTriedAgainForThatSlot() throws Exception {
        Schedule schedule = nightly();
        Files.delete(workspace.resolve("train.ipynb"));
        clock.set("2026-12-07T03:00:01Z");
        assertEquals(0, scheduler.tick());
        assertEquals(0, scheduler.tick());
        assertEquals(List.of("not started 2026-12-07T03:00:00Z: no notebook at 'train.ipynb' in the workspace"), heard);
        Schedule stored = schedules.show(schedule.id()).schedule();
        assertEquals("no notebook at 'train.ipynb' in the workspace", stored.lastProblem());
        assertNull(stored.lastRun());
    }

    @Test
    void runNowDeploysMarkedWithTheScheduleEvenWhenPaused() throws Exception {
        Schedule schedule = nightly();
        schedules.pause(schedule.id());
        RunManifest run = schedules.runNow(schedule.id());
        assertEquals(schedule.id(), run.schedule());
        assertEquals(run.id(), schedules.show(schedule.id()).schedule().lastRun());
        assertEquals(1, cluster.submitted.size());
        // the sidecar's scheduler, its routes and the alerts share one instance per deployer
        assertSame(Schedules.of(deployer), Schedules.of(deployer));
    }

    @Test
    void badInputSaysWhatIsWrongAndStoresNothing() throws Exception {
        assertEquals("cron '0 3 * *' has 4 fields; it needs five: minute hour day-of-month month day-of-week (e.g. \"0 3 * * *\")",
                assertThrows(BadInput.class, () -> schedules.add(new ScheduleRequest("train.ipynb", "0 3 * *", null, Map.of(), null)))
                        .getMessage());
        assertEquals("no notebook at 'nope.ipynb' in the workspace",
                assertThrows(NotFound.class, () -> schedules.add(new ScheduleRequest("nope.ipynb", "0 3 * * *", null, Map.of(), null)))
                        .getMessage());
        assertEquals("train.ipynb: parameter 'score': 2 is above the maximum 1",
                assertThrows(BadInput.class, () -> schedules.add(new ScheduleRequest("train.ipynb", "0 3 * * *", null, Map.of("score", 2), null)))
                        .getMessage());
        assertTrue(assertThrows(BadInput.class, () -> schedules.add(new ScheduleRequest("train.ipynb", "0 3 * * *", null,
                Map.of("colour", "red"), null))).getMessage().contains("'colour' is not a parameter of the notebook's contract"));
        assertEquals("time zone 'Paris' is not known: use a region such as Europe/Paris, or UTC",
                assertThrows(BadInput.class, () -> schedules.add(new ScheduleRequest("train.ipynb", "0 3 * * *", "Paris", Map.of(), null)))
                        .getMessage());
        assertEquals("'notebook' is required: the notebook to schedule, relative to the workspace",
                assertThrows(BadInput.class, () -> schedules.add(new ScheduleRequest(null, "0 3 * * *", null, Map.of(), null))).getMessage());
        for (String id : List.of("train-000000", "../x", "A")) {
            assertEquals("no schedule '" + id + "' in project '" + deployer.project() + "'",
                    assertThrows(NotFound.class, () -> schedules.pause(id)).getMessage());
            assertThrows(NotFound.class, () -> schedules.show(id));
            assertThrows(NotFound.class, () -> schedules.runNow(id));
            assertThrows(NotFound.class, () -> schedules.delete(id));
        }
        assertEquals(List.of(), schedules.list(null));
        assertEquals(List.of(), store.list("schedules/"));
    }

    @Test
    void aNotebookTheGateRefusesIsNotScheduled() throws Exception {
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("broken.ipynb"), "score = 0.5", "print(score)"),
                "{\"parameters\": {\"score\": {\"type\": \"float\"}, \"epochs\": {\"type\": \"int\", \"default\": 3}}}");
        GateRefusal refused = assertThrows(GateRefusal.class,
                () -> schedules.add(new ScheduleRequest("broken.ipynb", "0 3 * * *", null, Map.of(), null)));
        assertTrue(refused.getMessage().startsWith("broken.ipynb has 1 error-severity finding"), refused.getMessage());
        assertEquals(List.of(), schedules.list(null));
    }

    @Test
    void aBranchIsResolvedAtEachRunAndTheRunRecordsTheCommit() throws Exception {
        try (GitRepo repo = GitRepo.init(workspace)) {
            String first = repo.commit("first", "train.ipynb").name();
            clock.set("2026-12-06T12:00:00Z");
            Schedule schedule = schedules.add(new ScheduleRequest("train.ipynb", "0 3 * * *", "Europe/Paris", Map.of(), "main"));
            assertEquals("Europe/Paris", schedule.timeZone());
            clock.set("2026-12-07T02:00:01Z"); // 03:00 in Paris
            assertEquals(1, scheduler.tick());
            TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", "print(score * 2)"),
                    CONTRACT);
            String second = repo.commit("second", "train.ipynb").name();
            clock.set("2026-12-08T02:00:01Z");
            assertEquals(1, scheduler.tick());
            assertEquals(List.of(first, second), cluster.submitted.stream().map(spec -> deployer.require(spec.runId()).git().commit()).toList());
            assertEquals("main", deployer.require(cluster.submitted.get(1).runId()).ref());
            NotFound unknown = assertThrows(NotFound.class,
                    () -> schedules.add(new ScheduleRequest("train.ipynb", "0 3 * * *", null, Map.of(), "no-such-branch")));
            assertTrue(unknown.getMessage().contains("unknown git revision 'no-such-branch'"), unknown.getMessage());
        }
    }

    @Test
    void twoSchedulersOverOneLocalStoreDeployEachSlotOnce(@TempDir Path other) throws Exception {
        tearDown();
        open(); // keeps @AfterEach happy; the two below are separate sidecars
        SharedStoreSchedulers.deployEachSlotOnce(other, new LocalArtifactStore(other.resolve(".jupyship")),
                new LocalArtifactStore(other.resolve(".jupyship")));
    }

    @Test
    void missedSlotsAreCountedUpToABound() {
        Schedule schedule = new Schedule("s-1", "p", "n.ipynb", "* * * * *", "UTC", Map.of(), null, false, "me",
                Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null);
        MissedSlots many = new MissedSlots(schedule, Instant.parse("2026-02-01T00:00:00Z"), Duration.ofMinutes(3), MissedSlots.COUNTED,
                Instant.parse("2026-01-01T00:01:00Z"));
        assertEquals("schedule s-1 (n.ipynb, '* * * * *' UTC) missed its run of 2026-02-01T00:00:00Z by 3 min while no scheduler was running: "
                + "at least 1000 earlier runs (from 2026-01-01T00:01:00Z) skipped; the run of 2026-02-01T00:00:00Z starts now", many.describe());
    }

    @Test
    void slotClaimsOlderThanAWeekArePrunedOnceADay() throws Exception {
        Schedule schedule = schedules.add(new ScheduleRequest("train.ipynb", "0 */6 * * *", null, Map.of(), null));
        String claims = ScheduleStore.SLOTS + schedules.store().project() + "/" + schedule.id() + "/";
        for (int slot = 1; slot <= 40; slot++) { // ten days, four slots a day
            clock.set("2026-12-07T02:00:00Z");
            clock.advance(Duration.ofHours(6L * slot - 2).plusSeconds(3));
            assertEquals(1, scheduler.tick(), "slot " + slot);
        }
        List<String> kept = store.list(claims);
        assertEquals(40, cluster.submitted.size(), "every slot ran");
        // The last slot, 2026-12-17T00:00, pruned at its day's first claim: the claims from 2026-12-10T00:00 on stay.
        assertEquals(claims + "20261210T000000Z", kept.get(0));
        assertEquals(29, kept.size(), kept.toString());
    }
}
