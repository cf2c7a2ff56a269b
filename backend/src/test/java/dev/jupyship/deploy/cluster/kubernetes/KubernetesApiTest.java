package dev.jupyship.deploy.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.deploy.cluster.BatchCluster.ClusterException;
import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.errors.DomainError;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes cluster against the API: refusals (namespace missing, forbidden, invalid) in the
 * user's terms, cancel deleting the Job with background propagation, the Job found again by its
 * run label, and the names and labels it gives Jobs.
 */
class KubernetesApiTest {

    @RegisterExtension
    final MockApiServer mock = new MockApiServer();

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path folder;
    private LocalArtifactStore store;
    private Path notebook;

    @BeforeEach
    void setUp() throws Exception {
        store = new LocalArtifactStore(folder.resolve("store"));
        notebook = TinyNotebooks.write(folder.resolve("train.ipynb"), "n = 1", "print(n)");
    }

    private KubernetesBatchCluster cluster(String namespace) throws Exception {
        return new KubernetesBatchCluster(client, new KubernetesSettings(namespace, null, null, null, null), JobTemplate.load(null), store);
    }

    private JobSpec spec(String runId, Map<String, String> labels) {
        return new JobSpec(runId, notebook, Map.of(), "registry/notebook:1", Duration.ofSeconds(60), labels,
                "runs/p/train.ipynb/" + runId + "/");
    }

    private void refuse(String namespace, int code, String reason, String message) {
        server.expect().post().withPath("/apis/batch/v1/namespaces/" + namespace + "/jobs")
                .andReturn(code, new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build()).once();
    }

    @Test
    void aMissingNamespaceIsNamedWithWhatToDo() throws Exception {
        refuse("ml-gone", 404, "NotFound", "namespaces \"ml-gone\" not found");
        try (KubernetesBatchCluster cluster = cluster("ml-gone")) {
            ClusterException refused = assertThrows(ClusterException.class, () -> cluster.submit(spec("20261128T023000Z-aaaaaa", Map.of())));
            assertEquals("namespace 'ml-gone' does not exist in the cluster, so the sidecar could not create the Job "
                    + "jupyship-20261128t023000z-aaaaaa; ask the platform team to create it, or correct [cluster] namespace", refused.getMessage());
            assertEquals(DomainError.Kind.UNAVAILABLE, refused.kind(), "a 503: the platform team can fix it, and the deploy work then");
            assertTrue(cluster.find("20261128T023000Z-aaaaaa").isEmpty(), "a refused Job is not followed");
        }
    }

    @Test
    void aForbiddenCreateSaysWhichPermissionIsMissingAndWhereItComesFrom() throws Exception {
        refuse("ml-dev", 403, "Forbidden", "jobs.batch is forbidden: User \"system:serviceaccount:jhub:jupyship-notebook\" cannot create "
                + "resource \"jobs\" in API group \"batch\" in the namespace \"ml-dev\"");
        try (KubernetesBatchCluster cluster = cluster("ml-dev")) {
            ClusterException refused = assertThrows(ClusterException.class, () -> cluster.submit(spec("20261128T023000Z-bbbbbb", Map.of())));
            assertTrue(refused.getMessage().startsWith("the sidecar's service account may not create the Job jupyship-20261128t023000z-bbbbbb "
                    + "in namespace 'ml-dev' (jobs.batch is forbidden: User \"system:serviceaccount:jhub:jupyship-notebook\""), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("the platform team grants it with the Role and RoleBinding of image/k8s/"), refused.getMessage());
            assertEquals(DomainError.Kind.REFUSED, refused.kind());
        }
    }

    @Test
    void anInvalidJobNamesTheFieldTheApiRefused() throws Exception {
        server.expect().post().withPath("/apis/batch/v1/namespaces/ml-dev/jobs").andReturn(422, new StatusBuilder().withStatus("Failure")
                .withCode(422).withReason("Invalid").withMessage("Job.batch \"x\" is invalid").withNewDetails()
                .addNewCause().withField("spec.template.spec.containers[0].resources.requests").withMessage("Invalid value: \"lots\"").endCause()
                .endDetails().build()).once();
        try (KubernetesBatchCluster cluster = cluster("ml-dev")) {
            ClusterException refused = assertThrows(ClusterException.class, () -> cluster.submit(spec("20261128T023000Z-cccccc", Map.of())));
            assertTrue(refused.getMessage().contains("refused to create the Job jupyship-20261128t023000z-cccccc, finding it invalid") && refused.getMessage()
                    .contains("spec.template.spec.containers[0].resources.requests: Invalid value: \"lots\""), refused.getMessage());
        }
    }

    @Test
    void cancelDeletesTheJobInTheBackgroundAndTheOutcomeSaysCancelled() throws Exception {
        try (KubernetesBatchCluster cluster = cluster("ml-dev")) {
            store.putFile("runs/p/train.ipynb/20261128T023000Z-dddddd/" + RunLayout.INPUT, notebook);
            Job job = cluster.submit(spec("20261128T023000Z-dddddd", Map.of()));
            String name = "jupyship-20261128t023000z-dddddd";
            assertNotNull(client.batch().v1().jobs().inNamespace("ml-dev").withName(name).get());
            job.cancel();
            JobOutcome outcome = HangGuard.result("the outcome of the cancelled run", job.outcome());
            assertEquals(RunStatus.CANCELLED, outcome.status());
            assertEquals("cancel", outcome.failure().kind().substring(0, 6));
            assertNull(client.batch().v1().jobs().inNamespace("ml-dev").withName(name).get());
            String body = null;
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.SECONDS)) != null) {
                if (request.getMethod().equals("DELETE") && request.getPath().contains("/jobs/" + name)) {
                    body = request.getUtf8Body();
                }
            }
            assertNotNull(body, "a DELETE of the Job");
            assertTrue(body.contains("\"propagationPolicy\":\"Background\""), body);
        }
    }

    @Test
    void aJobIsFoundAgainByItsRunLabelFromAnotherSidecar() throws Exception {
        try (KubernetesBatchCluster first = cluster("ml-dev"); KubernetesBatchCluster second = cluster("ml-dev")) {
            first.submit(spec("20261128T023000Z-eeeeee", Map.of("notebook", "train.ipynb")));
            Job found = second.find("20261128T023000Z-eeeeee").orElseThrow();
            assertEquals("20261128T023000Z-eeeeee", found.runId());
            assertEquals(RunStatus.QUEUED, found.status());
            assertTrue(second.find("20261128T023000Z-ffffff").isEmpty());
        }
    }

    private KubernetesBatchCluster clusterOf(String owner) throws Exception {
        return new KubernetesBatchCluster(client, new KubernetesSettings("ml-dev", null, null, null, null).ownedBy(owner),
                JobTemplate.load(null), store);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void eachNotebookPodWatchesOnlyItsOwnRunsAndReadsAnothersOnDemand() throws Exception {
        try (KubernetesBatchCluster ann = clusterOf("jupyter-ann"); KubernetesBatchCluster bob = clusterOf("jupyter-bob")) {
            ann.submit(spec("20261207T030000Z-aaaaaa", Map.of("notebook", "train.ipynb")));
            bob.submit(spec("20261207T030000Z-bbbbbb", Map.of("notebook", "train.ipynb")));
            var annsJob = client.batch().v1().jobs().inNamespace("ml-dev").withName("jupyship-20261207t030000z-aaaaaa").get();
            assertEquals("jupyter-ann", annsJob.getMetadata().getLabels().get(KubernetesNames.OWNER));
            assertEquals("jupyter-ann", annsJob.getSpec().getTemplate().getMetadata().getLabels().get(KubernetesNames.OWNER));
            assertEquals("jupyter-ann", annsJob.getMetadata().getAnnotations().get(KubernetesNames.OWNER));
            // A pod of Ann's run, as the Job controller makes it: the template's labels, running.
            client.pods().inNamespace("ml-dev").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                    .withName("jupyship-20261207t030000z-aaaaaa-x1").withLabels(annsJob.getSpec().getTemplate().getMetadata().getLabels())
                    .endMetadata().withNewStatus().withPhase("Running").endStatus().build()).create();

            await("Ann's informers hold her Job and pod", () -> ann.cachedObjects() == 2);
            await("Bob's informers hold his Job", () -> bob.cachedObjects() == 1);
            Job seen = bob.find("20261207T030000Z-aaaaaa").orElseThrow();
            assertEquals(RunStatus.RUNNING, seen.status(), "Ann's run as it is now, read by its label");
            assertEquals(1, bob.cachedObjects(), "Bob's watch and cache stay his own");
            assertFalse(seen.outcome().isDone(), "Ann's sidecar records her run, not Bob's");
        }
    }

    @Test
    void aJobOfAnOlderSidecarWithoutTheOwnerLabelIsStillFollowedToItsEnd() throws Exception {
        try (KubernetesBatchCluster cluster = cluster("ml-dev")) {
            var job = JobTemplate.load(null).fill(spec("20261207T030000Z-cccccc", Map.of()), new KubernetesSettings("ml-dev", null, null, null, null), store);
            job.getMetadata().getLabels().remove(KubernetesNames.OWNER);
            job.getSpec().getTemplate().getMetadata().getLabels().remove(KubernetesNames.OWNER);
            job.getMetadata().getAnnotations().remove(KubernetesNames.OWNER);
            client.batch().v1().jobs().inNamespace("ml-dev").resource(job).create();

            Job followed = cluster.find("20261207T030000Z-cccccc").orElseThrow();
            assertEquals(RunStatus.QUEUED, followed.status());
            assertEquals(0, cluster.cachedObjects(), "no informer of this sidecar sees it");
            client.batch().v1().jobs().inNamespace("ml-dev").withName(job.getMetadata().getName()).editStatus(done -> {
                done.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().addNewCondition().withType("Complete")
                        .withStatus("True").endCondition().withSucceeded(1).build());
                return done;
            });
            JobOutcome outcome = followed.outcome().get(60, TimeUnit.SECONDS);
            assertEquals(RunStatus.SUCCEEDED, outcome.status(), String.valueOf(outcome.failure()));
        }
    }

    @Test
    void labelsAreValidLabelValuesAndTheFullValuesAreAnnotations() throws Exception {
        String notebookPath = "Team Ünïcode/experiments 2026/" + "very-long-folder-name/".repeat(4) + "train (copy).ipynb";
        String user = "Jane Doe <jane@example.com>";
        try (KubernetesBatchCluster cluster = cluster("ml-dev")) {
            cluster.submit(spec("20261128T023000Z-gggggg", Map.of("notebook", notebookPath, "user", user, "author", "Jane Doe")));
            var job = client.batch().v1().jobs().inNamespace("ml-dev").withName("jupyship-20261128t023000z-gggggg").get();
            assertTrue(KubernetesNames.isDnsLabel(job.getMetadata().getName()));
            for (var labels : java.util.List.of(job.getMetadata().getLabels(), job.getSpec().getTemplate().getMetadata().getLabels())) {
                labels.forEach((key, value) -> assertTrue(KubernetesNames.isLabelValue(value), key + "=" + value));
                assertEquals("20261128T023000Z-gggggg", labels.get(KubernetesNames.RUN));
                assertEquals("Jane-Doe-jane-example.com", labels.get(KubernetesNames.USER));
                assertTrue(labels.get(KubernetesNames.NOTEBOOK).startsWith("Team-n-code-experiments-2026-very-long-folder-name-"),
                        labels.get(KubernetesNames.NOTEBOOK));
            }
            assertEquals(notebookPath, job.getMetadata().getAnnotations().get(KubernetesNames.NOTEBOOK));
            assertEquals(user, job.getMetadata().getAnnotations().get(KubernetesNames.USER));
            assertEquals("runs/p/train.ipynb/20261128T023000Z-gggggg/", job.getMetadata().getAnnotations().get(KubernetesNames.STORE));
        }
    }

    @Test
    void longValuesKeepAHashSoThatTwoStillDiffer() {
        String a = "a/".repeat(40) + "one.ipynb";
        String b = "a/".repeat(40) + "two.ipynb";
        assertTrue(KubernetesNames.labelValue(a).length() <= 63 && KubernetesNames.isLabelValue(KubernetesNames.labelValue(a)));
        assertTrue(!KubernetesNames.labelValue(a).equals(KubernetesNames.labelValue(b)));
        assertTrue(KubernetesNames.isLabelValue(KubernetesNames.labelValue("_-.x.-_")));
        assertEquals("", KubernetesNames.labelValue("///"));
        assertEquals("jupyship-20261128t023000z-ab12cd", KubernetesNames.jobName("20261128T023000Z-ab12cd"));
        assertTrue(KubernetesNames.jobName("X".repeat(100)).length() <= 63);
    }
}
