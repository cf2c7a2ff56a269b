package dev.jupyship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesSettings;
import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.errors.BadInput;
import dev.jupyship.json.TomlTrees;
import dev.jupyship.run.RunEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sidecar's deploy configuration: {@code $JUPYSHIP_CONFIG}, else {@code jupyship.toml} in the
 * workspace, else the embedded default (local store, local runner); then environment overrides
 * (for the pod). Example:
 * <pre>
 * [store]
 * kind = "gcs"              # local (default) | gcs
 * bucket = "ml-runs"
 * prefix = "team-a"          # optional: the folder in the bucket
 * endpoint = "http://127.0.0.1:4443"   # optional: a GCS-API emulator (no credentials sent)
 * [cluster]
 * kind = "kubernetes"       # local (default) | kubernetes
 * namespace = "ml-dev"
 * image = "europe-docker.pkg.dev/p/r/notebook:2026.11"
 * concurrency = 2
 * time_limit_seconds = 3600
 * cpu = "2"
 * memory = "4Gi"
 * service_account = "notebook-runner"
 * job_template = "/etc/jupyship/job-template.yaml"   # default: image/k8s/job-template.yaml, packaged in the jar
 * [deploy]
 * target = "dev"
 * project = "churn-model"   # optional: runs go under runs/&lt;project&gt;/; default: the workspace folder's name
 * pass_environment = ["WANDB_API_KEY", "AWS_*"]   # optional: more of the sidecar's variables local runs and tests see
 * </pre>
 * Local runs and interface tests see an allow-list of the sidecar's environment ({@link RunEnvironment}),
 * plus {@code pass_environment}; the sidecar's own secrets (its token) never.
 * The gcs store authenticates with Application Default Credentials, looked up on first use.
 * Overrides: JUPYSHIP_STORE, JUPYSHIP_STORE_BUCKET, JUPYSHIP_STORE_PREFIX, JUPYSHIP_STORE_ENDPOINT, JUPYSHIP_CLUSTER,
 * JUPYSHIP_NAMESPACE, JUPYSHIP_IMAGE, JUPYSHIP_CONCURRENCY, JUPYSHIP_SERVICE_ACCOUNT, JUPYSHIP_JOB_TEMPLATE, JUPYSHIP_PROJECT.
 * Without an image configured, a JupyterHub pod's own ({@code $JUPYTER_IMAGE}, set by KubeSpawner)
 * is the image batch jobs run in.
 */
public record DeployConfig(String storeKind, String bucket, String prefix, String endpoint, String clusterKind, String namespace,
                           String image, int concurrency, int timeLimitSeconds, String cpu, String memory, String serviceAccount,
                           String jobTemplate, String target, String project, String source, List<String> passEnvironment) {

    public DeployConfig {
        passEnvironment = passEnvironment == null ? List.of() : List.copyOf(passEnvironment);
    }

    /** Without additions to the runs' environment. */
    public DeployConfig(String storeKind, String bucket, String prefix, String endpoint, String clusterKind, String namespace,
                        String image, int concurrency, int timeLimitSeconds, String cpu, String memory, String serviceAccount,
                        String jobTemplate, String target, String project, String source) {
        this(storeKind, bucket, prefix, endpoint, clusterKind, namespace, image, concurrency, timeLimitSeconds, cpu, memory, serviceAccount,
                jobTemplate, target, project, source, List.of());
    }

    /** What the Kubernetes cluster takes from this configuration: blank settings are the Job template's own. */
    public KubernetesSettings kubernetes() {
        return new KubernetesSettings(namespace, blankToNull(serviceAccount), blankToNull(cpu), blankToNull(memory),
                blankToNull(jobTemplate) == null ? null : Path.of(jobTemplate));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    public static final String FILE = "jupyship.toml";
    /** The image of the default configuration: the local runner uses the sidecar's own Python. */
    static final String LOCAL_IMAGE = "local";

    public static DeployConfig defaults() {
        return new DeployConfig("local", null, null, null, "local", null, LOCAL_IMAGE, 2, 3600, null, null, null, null, "dev", null, "defaults",
                List.of());
    }

    public static DeployConfig load(Path workspace, Map<String, String> env) throws IOException {
        String configured = env.get("JUPYSHIP_CONFIG");
        Path file = configured != null && !configured.isBlank() ? Path.of(configured) : workspace.resolve(FILE);
        DeployConfig config = defaults();
        if (Files.isRegularFile(file)) {
            config = read(file, config);
        } else if (configured != null && !configured.isBlank()) {
            throw new BadInput("JUPYSHIP_CONFIG names " + file + ", which does not exist");
        }
        return config.withEnvironment(env).validated();
    }

    private static DeployConfig read(Path file, DeployConfig d) throws IOException {
        JsonNode root;
        try {
            root = TomlTrees.read(Files.readString(file));
        } catch (IOException e) {
            throw new BadInput(file + ": not valid TOML: " + e.getMessage(), e);
        }
        JsonNode store = root.path("store");
        JsonNode cluster = root.path("cluster");
        return new DeployConfig(text(store, "kind", d.storeKind), text(store, "bucket", d.bucket), text(store, "prefix", d.prefix),
                text(store, "endpoint", d.endpoint),
                text(cluster, "kind", d.clusterKind), text(cluster, "namespace", d.namespace), text(cluster, "image", d.image),
                cluster.path("concurrency").asInt(d.concurrency), cluster.path("time_limit_seconds").asInt(d.timeLimitSeconds),
                text(cluster, "cpu", d.cpu), text(cluster, "memory", d.memory), text(cluster, "service_account", d.serviceAccount),
                text(cluster, "job_template", d.jobTemplate), text(root.path("deploy"), "target", d.target),
                text(root.path("deploy"), "project", d.project), file.toString(), names(root.path("deploy").path("pass_environment"), file));
    }

    private static List<String> names(JsonNode list, Path file) {
        if (list.isMissingNode()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new BadInput(file + ": [deploy] pass_environment must be a list of variable names");
        }
        List<String> names = new ArrayList<>();
        list.forEach(name -> names.add(name.asText()));
        return names;
    }

    private static String text(JsonNode table, String key, String fallback) {
        JsonNode value = table.get(key);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    private DeployConfig withEnvironment(Map<String, String> env) {
        String concurrencyText = env.get("JUPYSHIP_CONCURRENCY");
        int n = concurrency;
        if (concurrencyText != null && !concurrencyText.isBlank()) {
            try {
                n = Integer.parseInt(concurrencyText.strip());
            } catch (NumberFormatException e) {
                throw new BadInput("JUPYSHIP_CONCURRENCY must be a whole number, not '" + concurrencyText + "'");
            }
        }
        String podImage = env.get("JUPYTER_IMAGE");
        String runtime = env.getOrDefault("JUPYSHIP_IMAGE",
                LOCAL_IMAGE.equals(image) && podImage != null && !podImage.isBlank() ? podImage : image);
        return new DeployConfig(env.getOrDefault("JUPYSHIP_STORE", storeKind), env.getOrDefault("JUPYSHIP_STORE_BUCKET", bucket),
                env.getOrDefault("JUPYSHIP_STORE_PREFIX", prefix), env.getOrDefault("JUPYSHIP_STORE_ENDPOINT", endpoint),
                env.getOrDefault("JUPYSHIP_CLUSTER", clusterKind),
                env.getOrDefault("JUPYSHIP_NAMESPACE", namespace), runtime, n, timeLimitSeconds,
                cpu, memory, env.getOrDefault("JUPYSHIP_SERVICE_ACCOUNT", serviceAccount),
                env.getOrDefault("JUPYSHIP_JOB_TEMPLATE", jobTemplate), target,
                nonBlank(env.get("JUPYSHIP_PROJECT"), project), source, passEnvironment);
    }

    private static String nonBlank(String text, String fallback) {
        return text == null || text.isBlank() ? fallback : text.strip();
    }

    /** Refuses what cannot work, with what to change. */
    public DeployConfig validated() {
        String store = storeKind.toLowerCase(Locale.ROOT);
        String cluster = clusterKind.toLowerCase(Locale.ROOT);
        if (!store.equals("local") && !store.equals("gcs")) {
            throw new BadInput(source + ": store kind '" + storeKind + "' is not one of local, gcs");
        }
        if (!cluster.equals("local") && !cluster.equals("kubernetes")) {
            throw new BadInput(source + ": cluster kind '" + clusterKind + "' is not one of local, kubernetes");
        }
        if (cluster.equals("kubernetes") && store.equals("local")) {
            throw new BadInput(source + ": a kubernetes cluster cannot use the local store: its pods cannot reach "
                    + "this sidecar's folder; set [store] kind = \"gcs\" with a bucket");
        }
        if (store.equals("gcs") && (bucket == null || bucket.isBlank())) {
            throw new BadInput(source + ": the gcs store needs a bucket ([store] bucket = \"...\")");
        }
        if (store.equals("gcs")) {
            checkGcs();
        } else if (endpoint != null && !endpoint.isBlank()) {
            throw new BadInput(source + ": [store] endpoint is for the gcs store, and the store is " + store
                    + "; remove the endpoint (or JUPYSHIP_STORE_ENDPOINT) or set [store] kind = \"gcs\"");
        }
        if (cluster.equals("kubernetes") && (namespace == null || namespace.isBlank())) {
            throw new BadInput(source + ": the kubernetes cluster needs a namespace ([cluster] namespace = \"...\")");
        }
        if (cluster.equals("kubernetes") && (image == null || image.isBlank() || image.equals(LOCAL_IMAGE))) {
            throw new BadInput(source + ": the kubernetes cluster needs the runtime image its jobs run in "
                    + "([cluster] image = \"...\" or JUPYSHIP_IMAGE; in a JupyterHub pod, $JUPYTER_IMAGE is used)");
        }
        if (project != null && !project.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new BadInput(source + ": project '" + project + "' must be one folder name: letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit (it names the runs' folder in the store)");
        }
        if (concurrency < 1 || timeLimitSeconds < 1) {
            throw new BadInput(source + ": cluster concurrency and time_limit_seconds must be at least 1");
        }
        for (String name : passEnvironment) {
            String problem = RunEnvironment.problem(name);
            if (problem != null) {
                throw new BadInput(source + ": [deploy] " + problem);
            }
        }
        return new DeployConfig(store, bucket, prefix, endpoint, cluster, namespace, image, concurrency, timeLimitSeconds, cpu, memory,
                serviceAccount, jobTemplate, target, project, source, passEnvironment);
    }

    /** The gcs store checks its bucket name, prefix and endpoint itself (without connecting): named here with the file. */
    private void checkGcs() {
        try {
            new GcsArtifactStore(bucket, prefix, endpoint);
        } catch (BadInput e) {
            throw new BadInput(source + ": " + e.getMessage(), e);
        }
    }
}
