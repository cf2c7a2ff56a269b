package dev.jupyship.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeploySettings;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.TinyNotebooks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Two sidecars' schedulers over one store, ticking at the same moments: every slot is deployed
 * exactly once. Run on the local store and on fake-gcs-server.
 */
final class SharedStoreSchedulers {

    private SharedStoreSchedulers() {
    }

    static void deployEachSlotOnce(Path workspace, ArtifactStore first, ArtifactStore second) throws Exception {
        TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5", "print(score)");
        SettableClock clock = new SettableClock("2026-12-07T02:59:30Z");
        HeldJobsCluster clusterA = new HeldJobsCluster();
        HeldJobsCluster clusterB = new HeldJobsCluster();
        ExecutorService both = Executors.newFixedThreadPool(2);
        try (Deployer a = new Deployer(workspace, first, clusterA, DeployConfig.defaults(), Clock.systemUTC(), DeploySettings.defaults());
             Deployer b = new Deployer(workspace, second, clusterB, DeployConfig.defaults(), Clock.systemUTC(), DeploySettings.defaults())) {
            Schedules schedulesA = new Schedules(a, clock);
            Schedules schedulesB = new Schedules(b, clock);
            Schedule schedule = schedulesA.add(new ScheduleRequest("train.ipynb", "* * * * *", null, Map.of("score", 0.7), null));
            EmbeddedScheduler schedulerA = new EmbeddedScheduler(schedulesA);
            EmbeddedScheduler schedulerB = new EmbeddedScheduler(schedulesB);
            int slots = 6;
            int started = 0;
            for (int minute = 0; minute < slots; minute++) {
                clock.advance(Duration.ofMinutes(1));
                for (int look = 0; look < 2; look++) { // two looks within the minute: the second finds nothing to do
                    List<Future<Integer>> ticks = new ArrayList<>();
                    for (Callable<Integer> tick : List.<Callable<Integer>>of(schedulerA::tick, schedulerB::tick)) {
                        ticks.add(both.submit(tick));
                    }
                    for (Future<Integer> tick : ticks) {
                        started += tick.get();
                    }
                }
            }
            assertEquals(slots, started);
            assertEquals(slots, clusterA.submitted.size() + clusterB.submitted.size(),
                    "A started " + clusterA.submitted.size() + ", B " + clusterB.submitted.size());
            a.rescan();
            List<RunManifest> runs = a.list("train.ipynb", null);
            assertEquals(slots, runs.size());
            assertEquals(slots, runs.stream().map(RunManifest::idempotencyKey).collect(Collectors.toSet()).size());
            for (RunManifest run : runs) {
                assertEquals(schedule.id(), run.schedule());
                assertEquals(Map.of("score", 0.7), run.parameters());
            }
        } finally {
            both.shutdownNow();
        }
    }
}
