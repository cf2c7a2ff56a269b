package dev.jupyship.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeploySettings;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.cluster.kubernetes.JobTemplate;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesBatchCluster;
import dev.jupyship.deploy.cluster.kubernetes.LocalPodRunner;
import dev.jupyship.deploy.cluster.kubernetes.NodeAgent;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.GcsEmulator;
import dev.jupyship.testing.KubeControlPlane;
import dev.jupyship.testing.PythonEnv;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules on a real Kubernetes control plane (etcd, kube-apiserver with RBAC, the real cronjob and
 * job controllers) with the runs in a fake-gcs-server bucket: the sidecar, holding only the Role of
 * image/k8s/rbac.yaml, makes the schedule a CronJob from image/k8s/cronjob-template.yaml, suspends and
 * resumes it, and deletes it; the cronjob controller's Job runs {@code jupyship schedule fire} in its
 * pod (the test kubelet runs the image's launcher on this machine), which runs the notebook as
 * scheduled into the bucket, marked with its schedule, with no sidecar involved.
 */
class ScheduleCronJobsIT {

    @RegisterExtension
    static final KubeControlPlane KUBE = new KubeControlPlane();

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @TempDir
    Path workspace;

    private static void await(String what, Supplier<Boolean> condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(200);
        }
    }

    private static CronJob cronJob(String name) {
        return KUBE.sidecar().batch().v1().cronjobs().inNamespace(KUBE.namespace()).withName(name).get();
    }

    @Test
    void aScheduleIsACronJobWhosePodRunsTheNotebookAsScheduledIntoTheStore() throws Exception {
        PythonEnv.program("papermill");
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", TinyNotebooks.WRITE_METRICS),
                "{\"parameters\": {\"score\": {\"type\": \"float\"}, \"output_dir\": {\"type\": \"str\"}}}");
        String bucket = GCS.newBucket();
        DeployConfig config = DeployConfig.load(workspace, Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", bucket,
                "JUPYSHIP_STORE_PREFIX", "team-a", "JUPYSHIP_STORE_ENDPOINT", GCS.endpoint(), "JUPYSHIP_PROJECT", "churn",
                "JUPYSHIP_CLUSTER", "kubernetes", "JUPYSHIP_NAMESPACE", KUBE.namespace(), "JUPYSHIP_IMAGE", "registry/jupyship-runtime:1"));
        ArtifactStore store = new GcsArtifactStore(bucket, "team-a", GCS.endpoint());
        try (NodeAgent node = new NodeAgent(KUBE.admin(), KUBE.namespace(), new LocalPodRunner(Corpus.repository(), PythonEnv.root(),
                workspace.resolve("nodes")), 2).start(KUBE.kubeletKeyStore(), KUBE.kubeletKeyStorePassword());
             KubernetesBatchCluster cluster = new KubernetesBatchCluster(KUBE.sidecar(), config.kubernetes(), JobTemplate.load(null), store);
             Deployer deployer = new Deployer(workspace, store, cluster, config, Clock.systemUTC())) {
            Schedules schedules = new Schedules(deployer, Clock.systemUTC());
            Optional<ScheduleTarget> target = CronJobTarget.of(deployer);
            assertTrue(target.isPresent(), "on Kubernetes with a bucket, schedules are CronJobs");
            schedules.fireOn(target.get());

            Schedule schedule = schedules.add(new ScheduleRequest("train.ipynb", "* * * * *", "Europe/Paris", Map.of("score", 0.8), null));
            CronJob made = cronJob(schedule.id());
            assertEquals("* * * * *", made.getSpec().getSchedule());
            assertEquals("Europe/Paris", made.getSpec().getTimeZone());
            assertEquals(false, made.getSpec().getSuspend());
            var container = made.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(List.of("schedule", "fire", schedule.id()), container.getArgs());
            assertEquals("registry/jupyship-runtime:1", container.getImage());
            assertEquals(schedule.id(), made.getMetadata().getLabels().get(CronJobTarget.SCHEDULE_LABEL));

            schedules.pause(schedule.id());
            assertEquals(true, cronJob(schedule.id()).getSpec().getSuspend(), "a paused schedule's CronJob is suspended");
            schedules.resume(schedule.id());
            assertEquals(false, cronJob(schedule.id()).getSpec().getSuspend());

            // The controller's next minute: its Job's pod fires the schedule, and the run lands in the bucket.
            long start = System.nanoTime();
            await("a run of the schedule in the store", () -> {
                try {
                    return schedules.show(schedule.id()).schedule().lastRun() != null;
                } catch (java.io.IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(100));
            String runId = schedules.show(schedule.id()).schedule().lastRun();
            // Read afresh each time: the pod's process writes the run, not this one.
            Supplier<Optional<RunManifest>> stored = () -> new RunHistory(store, "churn", Clock.systemUTC(), DeploySettings.defaults(), null,
                    id -> false).find(runId);
            await("the scheduled run's end", () -> stored.get().map(run -> run.status().isFinal()).orElse(false), Duration.ofSeconds(120));
            RunManifest run = stored.get().orElseThrow();
            System.out.printf("[kube] a schedule's CronJob ran its notebook into the bucket %d ms after it was resumed%n",
                    (System.nanoTime() - start) / 1_000_000);
            assertEquals(RunStatus.SUCCEEDED, run.status(), String.valueOf(run.failure()));
            assertEquals(schedule.id(), run.schedule());
            assertEquals(Map.of("score", 0.8), run.parameters());
            assertEquals("churn", run.project());
            assertTrue(run.idempotencyKey().startsWith("schedule:" + schedule.id() + ":"), run.idempotencyKey());
            assertEquals(Map.of("score", 0.8), run.metrics(), "the notebook's own metrics, from the pod's papermill run");

            schedules.delete(schedule.id());
            await("the CronJob deleted", () -> cronJob(schedule.id()) == null, Duration.ofSeconds(30));
        }
    }
}
