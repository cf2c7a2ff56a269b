package dev.jupyship.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jupyship.testing.Corpus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cluster manifests of image/k8s/: every file parses (with fabric8, into the kinds expected),
 * the Role grants the sidecar nothing beyond the dev namespace's Jobs, pods, pod logs and events, and the
 * manifests agree with each other, with image/start and with the image.
 */
class ClusterManifestsTest {

    private static final Path K8S = Corpus.repository().resolve("image/k8s");
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Each Kubernetes manifest and the kinds in it, in order; the other files are kustomize's and Helm's. */
    private static final Map<String, List<String>> KINDS = Map.of(
            "job-template.yaml", List.of("Job"),
            "cronjob-template.yaml", List.of("CronJob"),
            "rbac.yaml", List.of("ServiceAccount", "Role", "RoleBinding"),
            "notebook-serviceaccount.yaml", List.of("ServiceAccount"),
            "serving.yaml", List.of("ConfigMap", "ServiceAccount", "Deployment", "Service", "PodDisruptionBudget"));
    private static final Set<String> OTHER_FILES = Set.of("kustomization.yaml", "z2jh-values.yaml", "README.md");

    private static List<HasMetadata> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(K8S.resolve(file))) {
            Object parsed = KUBERNETES.unmarshal(in);
            if (parsed instanceof KubernetesList list) {
                return list.getItems();
            }
            if (parsed instanceof List<?> items) {
                return items.stream().map(HasMetadata.class::cast).toList();
            }
            return List.of((HasMetadata) parsed);
        }
    }

    private static <T> T only(String file, Class<T> kind) throws IOException {
        return load(file).stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
    }

    private static JsonNode yaml(String file) throws IOException {
        return YAML.readTree(K8S.resolve(file).toFile());
    }

    @Test
    void everyManifestParsesIntoTheExpectedKindsAndEveryFileIsKnown() throws IOException {
        List<String> files;
        try (Stream<Path> list = Files.list(K8S)) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String file : files) {
            assertTrue(KINDS.containsKey(file) || OTHER_FILES.contains(file), file + " is new: say here what it holds");
        }
        for (Map.Entry<String, List<String>> manifest : new TreeMap<>(KINDS).entrySet()) {
            List<String> kinds = new ArrayList<>();
            for (HasMetadata object : load(manifest.getKey())) {
                kinds.add(object.getKind());
            }
            assertEquals(manifest.getValue(), kinds, manifest.getKey());
        }
    }

    @Test
    void theRoleGrantsOnlyTheDevNamespacesJobsPodLogsAndScheduleCronJobs() throws IOException {
        for (String file : KINDS.keySet()) {
            for (HasMetadata object : load(file)) {
                assertFalse(object.getKind().startsWith("Cluster") && !object.getKind().equals("CronJob") && object.getKind().contains("Role"),
                        file + ": no cluster-wide roles");
            }
        }
        Role role = only("rbac.yaml", Role.class);
        Map<String, Set<String>> allowed = Map.of("batch/jobs", Set.of("create", "get", "list", "watch", "delete"),
                "/pods", Set.of("get", "list", "watch"), "/pods/log", Set.of("get"),
                // A Job still without a pod: its FailedCreate events are listed (filtered by Job), never watched namespace-wide.
                "/events", Set.of("list"),
                // A schedule is a CronJob: created (or updated), suspended and resumed, deleted; never listed or watched.
                "batch/cronjobs", Set.of("create", "get", "update", "delete"));
        Set<String> granted = new java.util.TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertTrue(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty(), "no non-resource URLs");
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    String key = group + "/" + resource;
                    assertTrue(allowed.containsKey(key), "the Role grants " + key);
                    for (String verb : rule.getVerbs()) {
                        assertTrue(allowed.get(key).contains(verb), "the Role grants " + verb + " on " + key);
                        granted.add(key + ":" + verb);
                    }
                }
            }
        }
        Set<String> needed = new java.util.TreeSet<>();
        allowed.forEach((resource, verbs) -> verbs.forEach(verb -> needed.add(resource + ":" + verb)));
        assertEquals(needed, granted, "what the sidecar uses (create, follow, delete Jobs; follow pods, read their logs; list a podless "
                + "Job's events; keep a schedule's CronJob), no more");
        assertTrue(role.getMetadata().getNamespace() == null, "the namespace comes from kustomization.yaml");
        assertEquals("ml-dev", yaml("kustomization.yaml").path("namespace").asText());

        RoleBinding binding = only("rbac.yaml", RoleBinding.class);
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals(1, binding.getSubjects().size());
        assertEquals("ServiceAccount", binding.getSubjects().get(0).getKind());
        ServiceAccount notebook = only("notebook-serviceaccount.yaml", ServiceAccount.class);
        assertEquals(notebook.getMetadata().getName(), binding.getSubjects().get(0).getName());
    }

    @Test
    void theKustomizationInstallsTheRbacAndTheZeroToJupyterHubValuesAgreeWithIt() throws IOException {
        JsonNode kustomization = yaml("kustomization.yaml");
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        assertEquals(List.of("rbac.yaml"), resources);

        JsonNode singleuser = yaml("z2jh-values.yaml").path("singleuser");
        assertEquals("singleuser", singleuser.path("cmd").get(0).asText());
        assertTrue(Files.readString(Corpus.repository().resolve("image/start")).contains("\n  singleuser)\n"), "image/start has that mode");
        assertEquals(only("notebook-serviceaccount.yaml", ServiceAccount.class).getMetadata().getName(), singleuser.path("serviceAccountName").asText());
        JsonNode env = singleuser.path("extraEnv");
        assertEquals("kubernetes", env.path("JUPYSHIP_CLUSTER").asText());
        assertEquals(kustomization.path("namespace").asText(), env.path("JUPYSHIP_NAMESPACE").asText());
        ServiceAccount runner = only("rbac.yaml", ServiceAccount.class);
        assertEquals(runner.getMetadata().getName(), env.path("JUPYSHIP_SERVICE_ACCOUNT").asText());
        assertEquals(runner.getMetadata().getName(), only("job-template.yaml", Job.class).getSpec().getTemplate().getSpec().getServiceAccountName());
        // The chart's network policy lets the sidecar reach the API server and the metadata server (Workload Identity), no more.
        assertFalse(singleuser.path("cloudMetadata").path("blockWithIptables").asBoolean(true));
        JsonNode allow = singleuser.path("networkPolicy").path("egressAllowRules");
        assertEquals(List.of("cloudMetadataServer"), iterableNames(allow));
        assertTrue(allow.path("cloudMetadataServer").asBoolean());
        JsonNode egress = singleuser.path("networkPolicy").path("egress");
        assertEquals(1, egress.size());
        assertTrue(egress.get(0).path("to").get(0).path("ipBlock").path("cidr").asText().endsWith("/32"), "one address, not a range");
        assertEquals(443, egress.get(0).path("ports").get(0).path("port").asInt());
    }

    private static List<String> iterableNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theCronJobRunsLikeTheJobTemplateAndItsCommandsAreInTheImage() throws IOException {
        Job job = only("job-template.yaml", Job.class);
        CronJob cron = only("cronjob-template.yaml", CronJob.class);
        var jobSpec = job.getSpec();
        var cronSpec = cron.getSpec().getJobTemplate().getSpec();
        assertEquals(jobSpec.getBackoffLimit(), cronSpec.getBackoffLimit());
        assertEquals(jobSpec.getTtlSecondsAfterFinished(), cronSpec.getTtlSecondsAfterFinished());
        PodSpec jobPod = jobSpec.getTemplate().getSpec();
        PodSpec cronPod = cronSpec.getTemplate().getSpec();
        assertEquals(jobPod.getRestartPolicy(), cronPod.getRestartPolicy());
        assertEquals(jobPod.getServiceAccountName(), cronPod.getServiceAccountName());
        assertEquals(jobPod.getAutomountServiceAccountToken(), cronPod.getAutomountServiceAccountToken());
        assertEquals(jobPod.getSecurityContext(), cronPod.getSecurityContext());
        assertEquals(jobPod.getVolumes(), cronPod.getVolumes());
        var jobContainer = jobPod.getContainers().get(0);
        var cronContainer = cronPod.getContainers().get(0);
        assertEquals(jobContainer.getName(), cronContainer.getName());
        assertEquals(jobContainer.getSecurityContext(), cronContainer.getSecurityContext());
        assertEquals(jobContainer.getVolumeMounts(), cronContainer.getVolumeMounts());
        assertEquals(jobContainer.getWorkingDir(), cronContainer.getWorkingDir());
        assertEquals("Forbid", cron.getSpec().getConcurrencyPolicy());

        String dockerfile = Files.readString(Corpus.repository().resolve("image/Dockerfile"));
        assertTrue(dockerfile.contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"" + jobContainer.getCommand().get(0) + "\"]"),
                "the Job runs the start script the image's entrypoint runs");
        assertEquals("bin/jupyship", RuntimeDockerfile.copiesFromContext().get(cronContainer.getCommand().get(0)),
                "the CronJob runs the image's launcher");
        assertEquals(List.of("schedule", "fire", "SCHEDULE_ID"), cronContainer.getArgs(), "the CronJob's pod fires its schedule");
        // The image holds the jar scripts/build builds, and scripts/build rebuilds it when the Job template changes.
        assertEquals("backend/target/jupyship.jar", RuntimeDockerfile.copiesFromContext().get("/opt/jupyship/lib/jupyship.jar"));
        assertTrue(Files.readString(Corpus.repository().resolve("scripts/build")).contains("image/k8s/job-template.yaml"),
                "the jar in the image carries the current Job template");
        assertTrue(Files.readString(Corpus.repository().resolve("scripts/build")).contains("image/k8s/cronjob-template.yaml"),
                "and the current CronJob template");
    }

    @Test
    void servingRunsTheImagesServeModeReadOnlyProbedAndBudgeted() throws IOException {
        Deployment deployment = only("serving.yaml", Deployment.class);
        Service service = only("serving.yaml", Service.class);
        PodDisruptionBudget budget = only("serving.yaml", PodDisruptionBudget.class);
        ConfigMap config = only("serving.yaml", ConfigMap.class);
        ServiceAccount account = only("serving.yaml", ServiceAccount.class);
        Map<String, String> pods = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(), pods);
        assertTrue(pods.entrySet().containsAll(service.getSpec().getSelector().entrySet()), "the Service selects the Deployment's pods");
        assertTrue(pods.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()), "and the budget");
        assertEquals(1, budget.getSpec().getMinAvailable().getIntVal());
        assertTrue(deployment.getSpec().getReplicas() > budget.getSpec().getMinAvailable().getIntVal(), "a node drain can proceed");
        assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal(),
                "a new pod is ready before an old one goes");

        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(account.getMetadata().getName(), pod.getServiceAccountName());
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "serving never talks to the Kubernetes API");
        assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken());
        assertEquals(only("job-template.yaml", Job.class).getSpec().getTemplate().getSpec().getSecurityContext(), pod.getSecurityContext(),
                "the same user and profile as a batch");
        var container = pod.getContainers().get(0);
        assertEquals(List.of("/opt/jupyship/image/start"), container.getCommand());
        assertEquals("serve", container.getArgs().get(0));
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals("/readyz", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/healthz", container.getLivenessProbe().getHttpGet().getPath());
        int port = container.getPorts().get(0).getContainerPort();
        assertEquals(String.valueOf(port), container.getArgs().get(container.getArgs().indexOf("--port") + 1));
        assertEquals("0.0.0.0", container.getArgs().get(container.getArgs().indexOf("--host") + 1), "reachable by the Service");
        Map<String, String> env = new java.util.HashMap<>();
        container.getEnv().forEach(variable -> env.put(variable.getName(), variable.getValue()));
        assertEquals(String.valueOf(port), env.get("JUPYSHIP_SERVE_PORT"), "image/start health asks the port served");
        var mount = container.getVolumeMounts().stream().filter(m -> m.getName().equals("config")).findFirst().orElseThrow();
        assertTrue(mount.getReadOnly());
        String configFile = env.get("JUPYSHIP_CONFIG");
        assertEquals(mount.getMountPath(), Path.of(configFile).getParent().toString());
        assertTrue(config.getData().containsKey(Path.of(configFile).getFileName().toString()), "the configuration is the ConfigMap's");
        assertEquals(config.getMetadata().getName(),
                pod.getVolumes().stream().filter(v -> v.getName().equals("config")).findFirst().orElseThrow().getConfigMap().getName());
        for (var writable : List.of("/tmp", container.getWorkingDir())) {
            assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(writable)),
                    writable + " is writable on a read-only root");
        }
        // the serving package is in the image, beside the start script
        assertEquals("image/jupyship_serving", RuntimeDockerfile.copiesFromContext().get("/opt/jupyship/image/jupyship_serving"));
    }
}
