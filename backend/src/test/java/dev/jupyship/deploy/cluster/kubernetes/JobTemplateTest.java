package dev.jupyship.deploy.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.testing.Corpus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Job the deploy code sends is image/k8s/job-template.yaml with only the documented fields filled in. */
class JobTemplateTest {

    private static final Path FILE = Corpus.repository().resolve("image/k8s/job-template.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fields JobTemplate and image/k8s/README.md say are filled in; every other one is the template's. */
    private static final List<String> FILLED = List.of("/metadata/name", "/metadata/namespace", "/metadata/labels", "/metadata/annotations",
            "/spec/activeDeadlineSeconds", "/spec/template/metadata/labels", "/spec/template/spec/serviceAccountName",
            "/spec/template/spec/containers/0/image", "/spec/template/spec/containers/0/args", "/spec/template/spec/containers/0/resources");

    @TempDir
    Path folder;

    private final JobSpec spec = new JobSpec("20261128T023000Z-ab12cd", Path.of("ignored.ipynb"), Map.of("n", 2, "name", "yes"),
            "registry/notebook:2026.11", Duration.ofSeconds(900), Map.of("notebook", "team/train.ipynb", "user", "jane", "author", "Jane Doe"),
            "runs/p/team/train.ipynb/20261128T023000Z-ab12cd/");

    private static JsonNode tree(Job job) throws Exception {
        return JSON.readTree(JobTemplate.SERIALIZATION.asJson(job));
    }

    private static JsonNode without(JsonNode job, List<String> paths) {
        ObjectNode copy = job.deepCopy();
        for (String path : paths) {
            int cut = path.lastIndexOf('/');
            JsonNode parent = copy.at(path.substring(0, cut));
            if (parent instanceof ObjectNode object) {
                object.remove(path.substring(cut + 1));
            }
        }
        return copy;
    }

    @Test
    void thePackagedTemplateIsTheFileInImageK8s() throws Exception {
        try (InputStream packaged = JobTemplate.class.getClassLoader().getResourceAsStream(JobTemplate.RESOURCE)) {
            assertArrayEquals(Files.readAllBytes(FILE), packaged.readAllBytes(), "one source of truth: the jar carries image/k8s's file");
        }
    }

    @Test
    void theJobIsTheTemplateWithOnlyTheDocumentedFieldsFilledIn() throws Exception {
        JobTemplate template = JobTemplate.load(null);
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        Job job = template.fill(spec, new KubernetesSettings("ml-dev", "runner", "2", "4Gi", null, "jupyter-jane"), store);
        JsonNode written = tree(template.template());
        JsonNode built = tree(job);
        assertEquals(without(written, FILLED), without(built, FILLED));
        for (String path : FILLED) {
            assertTrue(!built.at(path).isMissingNode(), path + " is filled in");
        }

        assertEquals("jupyship-20261128t023000z-ab12cd", job.getMetadata().getName());
        assertEquals("ml-dev", job.getMetadata().getNamespace());
        assertEquals(900L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals("runner", job.getSpec().getTemplate().getSpec().getServiceAccountName());
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry/notebook:2026.11", container.getImage());
        String run = store.root().resolve("runs/p/team/train.ipynb/20261128T023000Z-ab12cd").toUri().toString();
        run = run.endsWith("/") ? run : run + "/";
        assertEquals(List.of("batch", run + "input.ipynb", run + "executed.ipynb", "--outputs-to", run + "artifacts/",
                "-y", "{\"n\":2,\"name\":\"yes\"}", "--request-save-on-cell-execute", "--autosave-cell-every", "10"), container.getArgs());
        assertEquals(List.of("/opt/jupyship/image/start"), container.getCommand(), "the template's command: image/start, the image's entrypoint");
        assertEquals(Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi")), container.getResources().getRequests());
        assertEquals(container.getResources().getRequests(), container.getResources().getLimits());
        Map<String, String> labels = job.getMetadata().getLabels();
        template.template().getMetadata().getLabels().forEach((key, value) -> assertEquals(value, labels.get(key), "the template's label " + key));
        assertEquals(Map.of(KubernetesNames.RUN, "20261128T023000Z-ab12cd", KubernetesNames.NOTEBOOK, "team-train.ipynb",
                KubernetesNames.USER, "jane", KubernetesNames.OWNER, "jupyter-jane"), Map.of(KubernetesNames.RUN, labels.get(KubernetesNames.RUN),
                KubernetesNames.NOTEBOOK, labels.get(KubernetesNames.NOTEBOOK), KubernetesNames.USER, labels.get(KubernetesNames.USER),
                KubernetesNames.OWNER, labels.get(KubernetesNames.OWNER)));
        assertEquals("jupyter-jane", job.getMetadata().getAnnotations().get(KubernetesNames.OWNER));
        assertEquals(labels, job.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals("team/train.ipynb", job.getMetadata().getAnnotations().get(KubernetesNames.NOTEBOOK));
        assertEquals("Jane Doe", job.getMetadata().getAnnotations().get(KubernetesNames.AUTHOR));
    }

    @Test
    void unsetResourcesAndServiceAccountKeepTheTemplates() throws Exception {
        JobTemplate template = JobTemplate.load(null);
        Job job = template.fill(spec, new KubernetesSettings("ml-dev", null, null, null, null), new LocalArtifactStore(folder));
        JsonNode written = tree(template.template());
        JsonNode built = tree(job);
        for (String path : List.of("/spec/template/spec/serviceAccountName", "/spec/template/spec/containers/0/resources")) {
            assertEquals(written.at(path), built.at(path), path);
        }
        ArrayNode args = (ArrayNode) built.at("/spec/template/spec/containers/0/args");
        assertEquals("batch", args.get(0).asText());
        assertEquals(written.at("/spec/template/spec/containers/0/env"), built.at("/spec/template/spec/containers/0/env"));
    }

    @Test
    void aGcsEmulatorsAddressReachesThePodSoPapermillUsesTheSameStore() throws Exception {
        JobTemplate template = JobTemplate.load(null);
        GcsArtifactStore store = new GcsArtifactStore("ml-runs", "team-a", "http://fake-gcs.ml-dev.svc:4443");
        Job job = template.fill(spec, new KubernetesSettings("ml-dev", null, null, null, null), store);
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        var templateEnv = template.template().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertEquals(templateEnv, container.getEnv().subList(0, templateEnv.size()), "the template's variables kept, in order");
        assertEquals(new EnvVar("STORAGE_EMULATOR_HOST", "http://fake-gcs.ml-dev.svc:4443", null), container.getEnv().get(templateEnv.size()));
        assertEquals("gs://ml-runs/team-a/runs/p/team/train.ipynb/20261128T023000Z-ab12cd/input.ipynb", container.getArgs().get(1));
        Job google = template.fill(spec, new KubernetesSettings("ml-dev", null, null, null, null), new GcsArtifactStore("ml-runs", null, null));
        assertEquals(templateEnv, google.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv(), "Google's own GCS: nothing added");
    }

    @Test
    void aPlatformTeamsTemplateIsUsedAndOneThatCannotWorkIsRefusedWithTheReason() throws Exception {
        String text = Files.readString(FILE);
        Path own = Files.writeString(folder.resolve("job.yaml"), text.replace("ttlSecondsAfterFinished: 86400", "ttlSecondsAfterFinished: 600"));
        assertEquals(600, JobTemplate.load(own).template().getSpec().getTtlSecondsAfterFinished());

        Path restarting = Files.writeString(folder.resolve("restart.yaml"), text.replace("restartPolicy: Never", "restartPolicy: OnFailure"));
        IllegalArgumentException restart = assertThrows(IllegalArgumentException.class, () -> JobTemplate.load(restarting));
        assertTrue(restart.getMessage().startsWith(restarting + ": the Job template's restartPolicy must be Never"), restart.getMessage());

        Path renamed = Files.writeString(folder.resolve("renamed.yaml"), text.replace("- name: notebook ", "- name: main "));
        IllegalArgumentException container = assertThrows(IllegalArgumentException.class, () -> JobTemplate.load(renamed));
        assertTrue(container.getMessage().endsWith("has no container named 'notebook'"), container.getMessage());

        Path pod = Files.writeString(folder.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n");
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> JobTemplate.load(pod));
        assertTrue(kind.getMessage().contains("must be one batch/v1 Job, not Pod"), kind.getMessage());

        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> JobTemplate.load(folder.resolve("none.yaml")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
