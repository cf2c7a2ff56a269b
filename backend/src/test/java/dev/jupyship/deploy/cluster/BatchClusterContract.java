package dev.jupyship.deploy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.TinyNotebooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BatchCluster} must do, with a concurrency of one. An implementation's test
 * says how to make one (the local runner; Kubernetes on fabric8's mock server with a test kubelet),
 * how a job's input reaches it, and where its outputs land.
 */
public abstract class BatchClusterContract {

    @TempDir
    protected Path folder;

    protected BatchCluster cluster;

    /** A cluster that runs one job at a time. */
    protected abstract BatchCluster newCluster(Path folder) throws Exception;

    /** Where a finished job's output_dir can be read. */
    protected abstract Path outputs(JobSpec spec, JobOutcome outcome);

    /** Where a finished job's executed notebook can be read. */
    protected abstract Path executed(JobSpec spec, JobOutcome outcome);

    /** Puts what the cluster reads before a job is submitted (a Kubernetes job reads its input from the store). */
    protected void stage(JobSpec spec) throws Exception {
    }

    private Job submit(JobSpec spec) throws Exception {
        stage(spec);
        return cluster.submit(spec);
    }

    @BeforeEach
    void open() throws Exception {
        cluster = newCluster(folder);
    }

    @AfterEach
    void close() {
        if (cluster != null) { // null when the set-up was skipped: the skip is what the report should say
            cluster.close();
        }
    }

    private JobSpec spec(String id, Path notebook, Map<String, Object> parameters) {
        return new JobSpec(id, notebook, parameters, "img", Duration.ofSeconds(120), Map.of("notebook", notebook.getFileName().toString()),
                "runs/p/" + notebook.getFileName() + "/" + id + "/");
    }

    private static JobOutcome await(Job job) throws Exception {
        return job.outcome().get(120, TimeUnit.SECONDS);
    }

    @Test
    void aJobRunsWithItsParametersWritesOutputsAndLogs() throws Exception {
        Path nb = TinyNotebooks.write(folder.resolve("ok.ipynb"), "score = 0.0\noutput_dir = 'x'", TinyNotebooks.WRITE_METRICS);
        JobSpec spec = spec("r-ok", nb, Map.of("score", 0.75));
        Job job = submit(spec);
        assertEquals("r-ok", job.runId());
        JobOutcome outcome = await(job);
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), String.valueOf(outcome.failure()));
        assertEquals(RunStatus.SUCCEEDED, job.status());
        assertTrue(Files.readString(outputs(spec, outcome).resolve("metrics.json")).contains("0.75"));
        assertTrue(Files.readString(executed(spec, outcome)).contains("\"papermill\""));
        assertTrue(job.log(10_000).contains("Executing"), job.log(10_000));
        assertTrue(cluster.find("r-ok").isPresent());
    }

    @Test
    void aFailingCellIsNamedWithItsTraceback() throws Exception {
        Path nb = TinyNotebooks.write(folder.resolve("bad.ipynb"), "x = 1", "y = x + 1", "raise ValueError('no data for ' + str(y))");
        JobOutcome outcome = await(submit(spec("r-bad", nb, Map.of())));
        assertEquals(RunStatus.FAILED, outcome.status());
        assertEquals("cell-error", outcome.failure().kind());
        assertEquals(2, outcome.failure().cell());
        assertEquals("ValueError", outcome.failure().ename());
        assertTrue(outcome.failure().summary().contains("no data for 2"), outcome.failure().summary());
        assertTrue(outcome.failure().source().contains("raise ValueError"));
        assertTrue(String.join("\n", outcome.failure().traceback()).contains("ValueError"));
    }

    @Test
    void jobsQueueBehindTheConcurrencyLimitAndCancelQueuedOrRunning() throws Exception {
        Path slow = TinyNotebooks.write(folder.resolve("slow.ipynb"), "pause = 60", "import time\ntime.sleep(pause)");
        Job first = submit(spec("r-1", slow, Map.of()));
        Job second = submit(spec("r-2", slow, Map.of()));
        long deadline = System.currentTimeMillis() + 60_000;
        while (first.status() != RunStatus.RUNNING && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(RunStatus.RUNNING, first.status());
        assertEquals(RunStatus.QUEUED, second.status());
        second.cancel();
        assertEquals(RunStatus.CANCELLED, await(second).status());
        first.cancel();
        JobOutcome cancelled = await(first);
        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertEquals("cancelled", cancelled.failure().kind());
    }
}
