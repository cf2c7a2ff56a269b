package dev.jupyship.deploy.cluster.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.errors.BadInput;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The batch Job of a run, made from {@code image/k8s/job-template.yaml} (packaged in the jar as
 * {@value #RESOURCE}, or the platform team's copy). {@link #fill} changes only these fields, the
 * ones the template marks FILLED and {@code image/k8s/README.md} lists:
 * <ul>
 *   <li>{@code metadata.name}, {@code metadata.namespace};</li>
 *   <li>{@code metadata.labels} and {@code spec.template.metadata.labels}: the template's, plus managed-by, run,
 *       notebook, user and owner (sanitised);</li>
 *   <li>{@code metadata.annotations}: the full run, notebook, user, author, owner and store folder;</li>
 *   <li>{@code spec.activeDeadlineSeconds}: the time limit;</li>
 *   <li>{@code spec.template.spec.serviceAccountName}, when configured;</li>
 *   <li>the {@value KubernetesNames#CONTAINER} container's {@code image}, {@code args} and, when configured, the
 *       {@code cpu} and {@code memory} of its {@code resources} (requests and limits alike).</li>
 * </ul>
 */
public final class JobTemplate {

    public static final String RESOURCE = "k8s/job-template.yaml";
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper PARAMETERS = new ObjectMapper();

    private final Job template;
    private final String source;

    private JobTemplate(Job template, String source) {
        this.template = template;
        this.source = source;
    }

    /** The platform team's template at {@code file}, or the packaged one when null; refuses one that cannot work. */
    public static JobTemplate load(Path file) throws IOException {
        if (file == null) {
            try (InputStream in = JobTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new NoSuchFileException(RESOURCE, null, "the packaged Job template is missing from the jar");
                }
                return parse(in, "the packaged " + RESOURCE);
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "the Job template configured ([cluster] job_template) does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    static JobTemplate parse(InputStream in, String source) {
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(in);
        } catch (RuntimeException e) {
            throw new BadInput(source + ": not a Kubernetes manifest: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Job job) || !"batch/v1".equals(job.getApiVersion())) {
            throw new BadInput(source + ": the Job template must be one batch/v1 Job, not "
                    + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()));
        }
        if (job.getSpec() == null || job.getSpec().getTemplate() == null || job.getSpec().getTemplate().getSpec() == null) {
            throw new BadInput(source + ": the Job template has no spec.template.spec");
        }
        String restart = job.getSpec().getTemplate().getSpec().getRestartPolicy();
        if (!"Never".equals(restart)) {
            throw new BadInput(source + ": the Job template's restartPolicy must be Never (a restarted container "
                    + "would run the notebook again from the start in the same pod), not " + restart);
        }
        if (notebookContainer(job) == null) {
            throw new BadInput(source + ": the Job template has no container named '" + KubernetesNames.CONTAINER + "'");
        }
        return new JobTemplate(job, source);
    }

    public String source() {
        return source;
    }

    /** A copy of the template as written. */
    public Job template() {
        return SERIALIZATION.clone(template);
    }

    /** The Job of one run: the template with the documented fields filled in. */
    public Job fill(JobSpec spec, KubernetesSettings settings, ArtifactStore store) {
        Job job = template();
        String name = KubernetesNames.jobName(spec.runId());
        job.getMetadata().setName(name);
        job.getMetadata().setNamespace(settings.namespace());
        Map<String, String> labels = labels(job.getMetadata().getLabels(), spec, settings);
        job.getMetadata().setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>(orEmpty(job.getMetadata().getAnnotations()));
        annotations.put(KubernetesNames.RUN, spec.runId());
        putIfPresent(annotations, KubernetesNames.NOTEBOOK, spec.labels().get("notebook"));
        putIfPresent(annotations, KubernetesNames.USER, spec.labels().get("user"));
        putIfPresent(annotations, KubernetesNames.AUTHOR, spec.labels().get("author"));
        annotations.put(KubernetesNames.OWNER, settings.owner());
        annotations.put(KubernetesNames.STORE, spec.storePrefix());
        job.getMetadata().setAnnotations(annotations);
        job.getSpec().setActiveDeadlineSeconds(Math.max(1, spec.timeLimit().toSeconds()));
        var pod = job.getSpec().getTemplate();
        if (pod.getMetadata() == null) {
            pod.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        pod.getMetadata().setLabels(labels(pod.getMetadata().getLabels(), spec, settings));
        if (settings.serviceAccount() != null) {
            pod.getSpec().setServiceAccountName(settings.serviceAccount());
        }
        Container container = notebookContainer(job);
        container.setImage(spec.image());
        container.setArgs(args(spec, store));
        Map<String, String> storeEnvironment = store.clientEnvironment();
        if (!storeEnvironment.isEmpty()) {
            List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
            env.removeIf(variable -> storeEnvironment.containsKey(variable.getName()));
            storeEnvironment.forEach((key, value) -> env.add(new EnvVar(key, value, null)));
            container.setEnv(env);
        }
        resources(container, settings);
        return job;
    }

    /**
     * {@code image/start batch INPUT EXECUTED --outputs-to ARTIFACTS} with papermill's options (the
     * parameters as JSON): image/start gives the notebook a local output_dir and puts it in the
     * store's artifacts folder when papermill ends, so notebooks write outputs with plain open().
     */
    static List<String> args(JobSpec spec, ArtifactStore store) {
        String prefix = spec.storePrefix();
        // A store key never ends in "/": the folder's location is its key's, with the slash put back.
        String artifacts = RunLayout.ARTIFACTS.substring(0, RunLayout.ARTIFACTS.length() - 1);
        List<String> args = new ArrayList<>(List.of("batch", store.location(prefix + RunLayout.INPUT),
                store.location(prefix + RunLayout.EXECUTED), "--outputs-to", store.location(prefix + artifacts) + "/"));
        if (!spec.parameters().isEmpty()) {
            try {
                args.addAll(List.of("-y", PARAMETERS.writeValueAsString(new TreeMap<>(spec.parameters()))));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        args.addAll(List.of("--request-save-on-cell-execute", "--autosave-cell-every", "10"));
        return args;
    }

    private static void resources(Container container, KubernetesSettings settings) {
        Map<String, String> configured = new LinkedHashMap<>();
        putIfPresent(configured, "cpu", settings.cpu());
        putIfPresent(configured, "memory", settings.memory());
        if (configured.isEmpty()) {
            return;
        }
        ResourceRequirements resources = container.getResources() == null ? new ResourceRequirements() : container.getResources();
        Map<String, Quantity> requests = new LinkedHashMap<>(orEmpty(resources.getRequests()));
        Map<String, Quantity> limits = new LinkedHashMap<>(orEmpty(resources.getLimits()));
        // Requests equal to limits: the scheduler reserves what the run may use, and memory is never overcommitted.
        configured.forEach((resource, amount) -> {
            requests.put(resource, new Quantity(amount));
            limits.put(resource, new Quantity(amount));
        });
        resources.setRequests(requests);
        resources.setLimits(limits);
        container.setResources(resources);
    }

    private static Map<String, String> labels(Map<String, String> base, JobSpec spec, KubernetesSettings settings) {
        Map<String, String> labels = new LinkedHashMap<>(orEmpty(base));
        labels.put(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER);
        labels.put(KubernetesNames.RUN, KubernetesNames.labelValue(spec.runId()));
        labels.put(KubernetesNames.NOTEBOOK, KubernetesNames.labelValue(spec.labels().get("notebook")));
        labels.put(KubernetesNames.USER, KubernetesNames.labelValue(spec.labels().get("user")));
        labels.put(KubernetesNames.OWNER, KubernetesNames.labelValue(settings.owner()));
        return labels;
    }

    static Container notebookContainer(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> KubernetesNames.CONTAINER.equals(c.getName())).findFirst().orElse(null);
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
