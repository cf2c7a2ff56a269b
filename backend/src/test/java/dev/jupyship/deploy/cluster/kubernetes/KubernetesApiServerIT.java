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
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.KubeControlPlane;
import dev.jupyship.testing.PythonEnv;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a real API server shows: its validation of our Job template (and its message for a
 * broken one, as the user sees it), Pod Security admission refusing a run's pod (the run fails
 * with the server's reason), RBAC holding the sidecar to its Role, the real ttl-after-finished
 * controller acting on our template, and a run surviving a restart of the API server (the cronjob
 * controller's part is schedule.ScheduleCronJobsIT's). Prints the figures of a deploy on it ([kube] lines).
 */
class KubernetesApiServerIT {

    @RegisterExtension
    static final KubeControlPlane KUBE = new KubeControlPlane();

    @TempDir
    Path folder;
    private LocalArtifactStore store;
    private NodeAgent node;
    private KubernetesBatchCluster cluster;

    @BeforeEach
    void open() throws Exception {
        store = new LocalArtifactStore(folder.resolve("store"));
        node = new NodeAgent(KUBE.admin(), KUBE.namespace(), new LocalPodRunner(Corpus.repository(), PythonEnv.root(), folder.resolve("nodes")), 2)
                .start(KUBE.kubeletKeyStore(), KUBE.kubeletKeyStorePassword());
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
        node.close();
    }

    private KubernetesBatchCluster cluster(String namespace, Path template) throws Exception {
        return new KubernetesBatchCluster(KUBE.sidecar(), new KubernetesSettings(namespace, null, null, null, template), JobTemplate.load(template),
                store);
    }

    private JobSpec spec(String runId, String... cells) throws Exception {
        Path notebook = TinyNotebooks.write(folder.resolve(runId + ".ipynb"), "n = 1", cells);
        JobSpec spec = new JobSpec(runId, notebook, Map.of("n", 2), "registry/notebook:1", Duration.ofSeconds(120),
                Map.of("notebook", "train.ipynb", "user", "jane"), "runs/p/train.ipynb/" + runId + "/");
        store.putFile(spec.storePrefix() + RunLayout.INPUT, notebook);
        return spec;
    }

    /** A copy of image/k8s/job-template.yaml with one change, as a platform team's [cluster] job_template. */
    private Path template(String from, String to) throws Exception {
        String text = Files.readString(Corpus.repository().resolve("image/k8s/job-template.yaml"));
        assertTrue(text.contains(from), from);
        return Files.writeString(folder.resolve("job-template.yaml"), text.replace(from, to));
    }

    private static void await(String what, Supplier<Boolean> condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aRunDeployedWithOnlyTheRoleRunsAndItsFiguresAreMeasured() throws Exception {
        PythonEnv.program("papermill");
        cluster = cluster(KUBE.namespace(), null);
        JobSpec spec = spec("20261207T000000Z-aaaaaa", "print(n * 21)");
        long start = System.nanoTime();
        Job job = cluster.submit(spec);
        long created = System.nanoTime();
        String pod = node.podOf(KubernetesNames.jobName(spec.runId()), 30_000);
        long podMade = System.nanoTime();
        JobOutcome outcome = job.outcome().get(120, TimeUnit.SECONDS);
        long recorded = System.nanoTime();
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), String.valueOf(outcome.failure()));
        assertTrue(job.log(10_000).contains("Executing"), "the pod's log, through the API server's pods/log: " + job.log(10_000));
        System.out.printf("[kube] deploy to Job created: %d ms; to pod %s made by the Job controller: %d ms; to run recorded: %d ms "
                + "(the notebook itself runs in papermill in between)%n", (created - start) / 1_000_000, pod, (podMade - start) / 1_000_000,
                (recorded - start) / 1_000_000);
    }

    @Test
    void aBrokenTemplateIsRefusedWithTheServersOwnReasonAndNoStackTrace() throws Exception {
        // A volume mount whose volume is gone: the template parses, only the server's validation can see it.
        cluster = cluster(KUBE.namespace(), template("        - name: tmp\n          emptyDir:", "        - name: scratch\n          emptyDir:"));
        ClusterException refused = assertThrows(ClusterException.class, () -> cluster.submit(spec("20261207T000000Z-bbbbbb", "print(n)")));
        String message = refused.getMessage();
        assertTrue(message.startsWith("the cluster refused to create the Job jupyship-20261207t000000z-bbbbbb, finding it invalid ("),
                message);
        assertEquals(DomainError.Kind.BAD_INPUT, refused.kind(), "answered 400, not as an internal error");
        assertTrue(message.contains("spec.template.spec.containers[0].volumeMounts[1].name: Not found: \"tmp\""), message);
        assertTrue(message.endsWith("check the Job template ([cluster] job_template) and [cluster] cpu, memory and image"), message);
        assertFalse(message.contains("Exception") || message.contains("\tat "), message);
        assertTrue(cluster.find("20261207T000000Z-bbbbbb").isEmpty(), "a refused Job is not followed");
    }

    @Test
    void aPodThePodSecurityAdmissionRefusesFailsTheRunWithinSecondsWithTheServersReason() throws Exception {
        // The namespace enforces the restricted standard: the Job is accepted, only its pod is refused, again and again.
        cluster = cluster(KUBE.namespace(), template("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"));
        JobSpec spec = spec("20261207T000000Z-iiiiii", "print(n)");
        String name = KubernetesNames.jobName(spec.runId());
        long start = System.nanoTime();
        Job job = cluster.submit(spec);
        JobOutcome outcome = HangGuard.result("the outcome of a run whose pod Pod Security refuses", job.outcome());
        long took = (System.nanoTime() - start) / 1_000_000;
        assertEquals(RunStatus.FAILED, outcome.status());
        assertEquals("cluster", outcome.failure().kind());
        String summary = outcome.failure().summary();
        assertTrue(summary.startsWith("the cluster refused the run's pod: pods \"" + name), summary);
        assertTrue(summary.contains("is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false"), summary);
        assertTrue(summary.endsWith("; the Job template ([cluster] job_template) must meet the namespace's Pod Security Standard"), summary);
        await("the sidecar deletes Job " + name,
                () -> KUBE.admin().batch().v1().jobs().inNamespace(KUBE.namespace()).withName(name).get() == null, HangGuard.LIMIT);
        assertTrue(KUBE.admin().pods().inNamespace(KUBE.namespace()).withLabel(KubernetesNames.JOB_NAME, name).list().getItems().isEmpty());
        assertEquals(outcome, job.outcome().getNow(null), "recorded once");
        System.out.printf("[kube] a pod refused by Pod Security failed its run in %d ms: %s%n", took, summary);
    }

    @Test
    void theSidecarIsRefusedOutsideItsRoleWithAClearMessage() throws Exception {
        try (KubernetesBatchCluster elsewhere = cluster("default", null)) {
            ClusterException refused = assertThrows(ClusterException.class, () -> elsewhere.submit(spec("20261207T000000Z-cccccc", "print(n)")));
            assertEquals("the sidecar's service account may not watch Jobs and pods in namespace 'default' (jobs.batch is forbidden: User \""
                    + KUBE.sidecarUser() + "\" cannot list resource \"jobs\" in API group \"batch\" in the namespace \"default\"); "
                    + "the platform team grants it with the Role and RoleBinding of image/k8s/", refused.getMessage());
        }
        var sidecar = KUBE.sidecar();
        Map<String, Runnable> outsideTheRole = Map.of(
                "read the secrets", () -> sidecar.secrets().inNamespace(KUBE.namespace()).list(),
                "list the nodes", () -> sidecar.nodes().list(),
                "list the namespaces", () -> sidecar.namespaces().list(),
                "create a pod", () -> sidecar.pods().inNamespace(KUBE.namespace()).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                        .withNewMetadata().withName("p").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i")
                        .endContainer().endSpec().build()).create());
        outsideTheRole.forEach((doing, call) -> {
            KubernetesClientException e = assertThrows(KubernetesClientException.class, call::run, doing);
            assertEquals(403, e.getCode(), doing);
            String message = KubernetesErrors.explain(e, KUBE.namespace(), doing).getMessage();
            assertTrue(message.startsWith("the sidecar's service account may not " + doing + " in namespace 'ml-dev' (")
                    && message.contains("User \"" + KUBE.sidecarUser() + "\" cannot "), message);
        });
        // What it needs, it may: follow Jobs and pods, and read a pod's log (the contract on this server reads one).
        assertNotNull(sidecar.batch().v1().jobs().inNamespace(KUBE.namespace()).list());
        assertNotNull(sidecar.pods().inNamespace(KUBE.namespace()).list());
    }

    @Test
    void aFinishedJobRemovedAfterItsTtlStillHasItsOutcomeReadFromTheStore() throws Exception {
        PythonEnv.program("papermill");
        cluster = cluster(KUBE.namespace(), template("ttlSecondsAfterFinished: 86400", "ttlSecondsAfterFinished: 1"));
        JobSpec spec = spec("20261207T000000Z-dddddd", "print(n)");
        Job job = cluster.submit(spec);
        assertEquals(RunStatus.SUCCEEDED, job.outcome().get(120, TimeUnit.SECONDS).status());
        String name = KubernetesNames.jobName(spec.runId());
        await("the ttl-after-finished controller deletes Job " + name,
                () -> KUBE.admin().batch().v1().jobs().inNamespace(KUBE.namespace()).withName(name).get() == null, Duration.ofSeconds(30));
        Thread.sleep(500);
        assertEquals(RunStatus.SUCCEEDED, job.status(), "the Job's removal after it ended changes nothing");
        try (KubernetesBatchCluster restarted = cluster(KUBE.namespace(), null)) {
            assertTrue(restarted.find(spec.runId()).isEmpty(), "the Job is gone");
            JobOutcome stored = restarted.endedInStore(spec.storePrefix()).orElseThrow();
            assertEquals(RunStatus.SUCCEEDED, stored.status(), String.valueOf(stored.failure()));
        }
    }

    @Test
    void aRunOutlivesARestartOfTheApiServerAndEndsOnce() throws Exception {
        PythonEnv.program("papermill");
        cluster = cluster(KUBE.namespace(), null);
        JobSpec spec = spec("20261207T000000Z-eeeeee", "import time\ntime.sleep(25)", "print('slept')");
        Job job = cluster.submit(spec);
        await("the run is running", () -> job.status() == RunStatus.RUNNING, Duration.ofSeconds(60));
        long start = System.nanoTime();
        KUBE.restartApiServer();
        System.out.printf("[kube] API server restarted in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertFalse(job.outcome().isDone(), "a relist after the restart must not end the run: " + job.outcome().getNow(null));
        JobOutcome outcome = job.outcome().get(120, TimeUnit.SECONDS);
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), String.valueOf(outcome.failure()));
        assertTrue(job.log(10_000).contains("slept") || Files.readString(store.root().resolve(spec.storePrefix() + RunLayout.EXECUTED))
                .contains("slept"));
        // The controller may say SuccessCriteriaMet (which the run reads as success) before it has counted the pod.
        var jobs = KUBE.admin().batch().v1().jobs().inNamespace(KUBE.namespace()).withName(KubernetesNames.jobName(spec.runId()));
        await("the Job counts its succeeded pod", () -> Integer.valueOf(1).equals(jobs.get().getStatus().getSucceeded()), Duration.ofSeconds(30));
        assertNull(jobs.get().getStatus().getFailed(), "one pod, run once: " + jobs.get().getStatus());
    }

    @Test
    void aDeployWhileTheApiServerIsAwaySaysSoPromptly() throws Exception {
        cluster = cluster(KUBE.namespace(), null);
        JobSpec spec = spec("20261207T000000Z-ffffff", "print(n)");
        KUBE.stopApiServer();
        try {
            long start = System.nanoTime();
            ClusterException refused = assertThrows(ClusterException.class, () -> cluster.submit(spec));
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(refused.getMessage().startsWith("the Kubernetes API could not be reached to watch Jobs and pods ("), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("check that the cluster's API server is up and that the notebook pod may reach it "
                    + "(the network policy of image/k8s/z2jh-values.yaml), then try again"), refused.getMessage());
            // fabric8's default retries took about 19 s; the sidecar's client retries twice within 0.6 s (KubernetesBatchCluster.answeringPromptly).
            // How long it takes is a figure, printed here and by bench/deploy, not a limit of this test.
            System.out.printf("[kube] a deploy with the API server away answered in %d ms: %s%n", took, refused.getMessage());
        } finally {
            KUBE.startApiServer();
        }
        // Once it is back, the same sidecar deploys.
        assertEquals(KubernetesNames.jobName(spec.runId()), ((KubernetesJob) cluster.submit(spec)).name());
    }

    @Test
    void labelsMadeFromAnyNotebookPathAndUserAreAcceptedByTheServer() throws Exception {
        cluster = cluster(KUBE.namespace(), null);
        String notebookPath = "Team Ünïcode/experiments 2026/" + "very-long-folder-name/".repeat(4) + "train (copy).ipynb";
        JobSpec spec = spec("20261207T000000Z-hhhhhh", "print(n)");
        cluster.submit(new JobSpec(spec.runId(), spec.notebook(), spec.parameters(), spec.image(), spec.timeLimit(),
                Map.of("notebook", notebookPath, "user", "Jane Doe <jane@example.com>", "author", "Jane Doe"), spec.storePrefix()));
        var job = KUBE.admin().batch().v1().jobs().inNamespace(KUBE.namespace()).withName(KubernetesNames.jobName(spec.runId())).get();
        assertEquals(notebookPath, job.getMetadata().getAnnotations().get(KubernetesNames.NOTEBOOK));
        assertEquals("Jane-Doe-jane-example.com", job.getMetadata().getLabels().get(KubernetesNames.USER));
    }

    @Test
    void eachNotebookPodWatchesOnlyItsOwnRunsAndReadsAnothersLogByLabelUnderTheRole() throws Exception {
        PythonEnv.program("papermill");
        KubernetesSettings settings = new KubernetesSettings(KUBE.namespace(), null, null, null, null);
        try (KubernetesBatchCluster ann = new KubernetesBatchCluster(KUBE.sidecar(), settings.ownedBy("jupyter-ann"), JobTemplate.load(null), store);
             KubernetesBatchCluster bob = new KubernetesBatchCluster(KUBE.sidecar(), settings.ownedBy("jupyter-bob"), JobTemplate.load(null), store)) {
            Job annsRun = ann.submit(spec("20261207T030000Z-annann", "print('trained by ann', n)"));
            Job bobsRun = bob.submit(spec("20261207T030000Z-bobbob", "print('trained by bob', n)"));
            assertEquals(RunStatus.SUCCEEDED, annsRun.outcome().get(120, TimeUnit.SECONDS).status());
            assertEquals(RunStatus.SUCCEEDED, bobsRun.outcome().get(120, TimeUnit.SECONDS).status());
            long managed = KUBE.admin().batch().v1().jobs().inNamespace(KUBE.namespace()).withLabel(KubernetesNames.MANAGED_BY).list().getItems().size()
                    + KUBE.admin().pods().inNamespace(KUBE.namespace()).withLabel(KubernetesNames.MANAGED_BY).list().getItems().size();
            assertTrue(managed >= 4, "both runs' Jobs and pods are in the namespace: " + managed);
            assertEquals(2, ann.cachedObjects(), "Ann's informers hold her Job and pod only");
            assertEquals(2, bob.cachedObjects(), "Bob's likewise");

            Job seen = bob.find(annsRun.runId()).orElseThrow();
            assertEquals(RunStatus.SUCCEEDED, seen.status(), "Ann's run read on demand by its label, with only the Role's rights");
            // papermill's log names the input, which lives in the run's own store folder.
            assertTrue(seen.log(10_000).contains(annsRun.runId() + "/input.ipynb"), seen.log(10_000));
            assertEquals(2, bob.cachedObjects(), "looking at Ann's run adds nothing to Bob's watch");
        }
    }
}
