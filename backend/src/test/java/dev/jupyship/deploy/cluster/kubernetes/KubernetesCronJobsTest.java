package dev.jupyship.deploy.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jupyship.deploy.cluster.BatchCluster.ClusterException;
import dev.jupyship.errors.DomainError;
import dev.jupyship.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Schedule CronJobs on fabric8's mock API server in CRUD mode: the template filled in, updated in place, deleted, refused. */
class KubernetesCronJobsTest {

    @RegisterExtension
    final MockApiServer mock = new MockApiServer();

    KubernetesMockServer server;
    KubernetesClient client;

    private KubernetesCronJobs cronJobs() throws Exception {
        return new KubernetesCronJobs(client, new KubernetesSettings("ml-dev", "runs-writer", null, null, null, "jupyter-ana"),
                "registry/runtime:7", Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", "runs", "JUPYSHIP_PROJECT", "churn"));
    }

    private CronJob stored(String name) {
        return client.batch().v1().cronjobs().inNamespace("ml-dev").withName(name).get();
    }

    @Test
    void aTimerIsTheTemplateFilledInAndAPutAgainUpdatesIt() throws Exception {
        KubernetesCronJobs cronJobs = cronJobs();
        KubernetesCronJobs.Timer timer = new KubernetesCronJobs.Timer("churn-retraining-3fa2c1", "0 3 * * *", "Europe/Paris", false,
                List.of("schedule", "fire", "churn-retraining-3fa2c1"), Duration.ofMinutes(30), Map.of("jupyship.dev/schedule", "churn-retraining-3fa2c1"));
        cronJobs.put(timer);
        CronJob made = stored("churn-retraining-3fa2c1");
        assertEquals("0 3 * * *", made.getSpec().getSchedule());
        assertEquals("Europe/Paris", made.getSpec().getTimeZone());
        assertEquals(false, made.getSpec().getSuspend());
        assertEquals("Forbid", made.getSpec().getConcurrencyPolicy(), "the template's own settings stay");
        assertEquals("jupyship", made.getMetadata().getLabels().get(KubernetesNames.MANAGED_BY));
        var jobSpec = made.getSpec().getJobTemplate().getSpec();
        assertEquals(1800L, jobSpec.getActiveDeadlineSeconds());
        assertEquals("churn-retraining-3fa2c1", jobSpec.getTemplate().getMetadata().getLabels().get("jupyship.dev/schedule"));
        var pod = jobSpec.getTemplate().getSpec();
        assertEquals("runs-writer", pod.getServiceAccountName());
        var container = pod.getContainers().get(0);
        assertEquals("registry/runtime:7", container.getImage());
        assertEquals(List.of("/opt/jupyship/bin/jupyship"), container.getCommand());
        assertEquals(List.of("schedule", "fire", "churn-retraining-3fa2c1"), container.getArgs());
        assertEquals(List.of(new EnvVar("HOME", "/home/jovyan", null), new EnvVar("JUPYSHIP_CLUSTER", "local", null),
                new EnvVar("JUPYSHIP_PROJECT", "churn", null), new EnvVar("JUPYSHIP_STORE", "gcs", null),
                new EnvVar("JUPYSHIP_STORE_BUCKET", "runs", null)), container.getEnv(), "the template's, then the store and project, sorted");

        cronJobs.put(new KubernetesCronJobs.Timer(timer.name(), "30 4 * * 1-5", "UTC", true, timer.args(), timer.timeLimit(), timer.labels()));
        CronJob updated = stored("churn-retraining-3fa2c1");
        assertEquals("30 4 * * 1-5", updated.getSpec().getSchedule());
        assertEquals(true, updated.getSpec().getSuspend(), "a pause suspends it");
        assertEquals(1, client.batch().v1().cronjobs().inNamespace("ml-dev").list().getItems().size(), "updated, not a second one");

        cronJobs.remove("churn-retraining-3fa2c1");
        assertNull(stored("churn-retraining-3fa2c1"));
        cronJobs.remove("churn-retraining-3fa2c1"); // gone already: nothing to do
    }

    @Test
    void aRefusedTimerSaysWhatTheClusterFoundAndIsTheCallersToFixNotAnInternalError() throws Exception {
        server.expect().post().withPath("/apis/batch/v1/namespaces/ml-dev/cronjobs").andReturn(422, new StatusBuilder().withStatus("Failure")
                .withCode(422).withReason("Invalid").withMessage("CronJob.batch \"nightly-1a2b3c\" is invalid").withNewDetails()
                .addNewCause().withField("spec.timeZone").withMessage("Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus")
                .endCause().endDetails().build()).once();
        KubernetesCronJobs.Timer timer = new KubernetesCronJobs.Timer("nightly-1a2b3c", "0 3 * * *", "Mars/Olympus", false,
                List.of("schedule", "fire", "nightly-1a2b3c"), Duration.ofMinutes(30), Map.of());
        ClusterException refused = assertThrows(ClusterException.class, () -> cronJobs().put(timer));
        assertEquals("the cluster refused to create or update the CronJob nightly-1a2b3c, finding it invalid (CronJob.batch \"nightly-1a2b3c\" "
                + "is invalid: spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus); check the schedule's cron "
                + "fields and time zone (the cluster's own time zone database must know it) and [cluster] image", refused.getMessage());
        assertEquals(DomainError.Kind.BAD_INPUT, refused.kind());
    }
}
