package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.deploy.cluster.BatchCluster.ClusterException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dev namespace's CronJobs for work the sidecar registers to happen later, with no sidecar up
 * (a schedule): each made from {@code image/k8s/cronjob-template.yaml}, its pod running the runtime
 * image's {@code jupyship} with the arguments given, and the runs' store and project in its
 * environment. Put creates or updates one (a pause is {@code suspend}); remove deletes it.
 */
public final class KubernetesCronJobs {

    public static final String RESOURCE = "k8s/cronjob-template.yaml";

    /**
     * One CronJob.
     *
     * @param name      a DNS label, unique in the namespace
     * @param cron      five cron fields
     * @param timeZone  the zone they are read in
     * @param suspended no Job is made while true
     * @param args      the {@code jupyship} command line its pod runs
     * @param timeLimit how long that may take
     * @param labels    added to the template's, on the CronJob, its Jobs and their pods
     */
    public record Timer(String name, String cron, String timeZone, boolean suspended, List<String> args, Duration timeLimit,
                        Map<String, String> labels) {
    }

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final String image;
    private final Map<String, String> environment;
    private final CronJob template;

    /**
     * @param image       the runtime image its pods run
     * @param environment set in its pods: the runs' store and project, as the sidecar has them
     */
    public KubernetesCronJobs(KubernetesClient client, KubernetesSettings settings, String image, Map<String, String> environment)
            throws IOException {
        this.client = client;
        this.settings = settings;
        this.image = image;
        this.environment = Map.copyOf(environment);
        try (InputStream in = KubernetesCronJobs.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new NoSuchFileException(RESOURCE, null, "the packaged CronJob template is missing from the jar");
            }
            this.template = JobTemplate.SERIALIZATION.unmarshal(in, CronJob.class);
        }
    }

    /** The CronJob of one timer: the template with its documented fields filled in. */
    public CronJob fill(Timer timer) {
        CronJob cronJob = JobTemplate.SERIALIZATION.clone(template);
        cronJob.getMetadata().setName(timer.name());
        cronJob.getMetadata().setNamespace(settings.namespace());
        cronJob.getMetadata().setLabels(labels(cronJob.getMetadata().getLabels(), timer));
        var spec = cronJob.getSpec();
        spec.setSchedule(timer.cron());
        spec.setTimeZone(timer.timeZone());
        spec.setSuspend(timer.suspended());
        var jobTemplate = spec.getJobTemplate();
        jobTemplate.getMetadata().setLabels(labels(jobTemplate.getMetadata().getLabels(), timer));
        jobTemplate.getSpec().setActiveDeadlineSeconds(Math.max(1, timer.timeLimit().toSeconds()));
        var pod = jobTemplate.getSpec().getTemplate();
        pod.getMetadata().setLabels(labels(pod.getMetadata().getLabels(), timer));
        if (settings.serviceAccount() != null) {
            pod.getSpec().setServiceAccountName(settings.serviceAccount());
        }
        Container container = pod.getSpec().getContainers().stream().filter(c -> KubernetesNames.CONTAINER.equals(c.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException(RESOURCE + " has no container named '" + KubernetesNames.CONTAINER + "'"));
        container.setImage(image);
        container.setArgs(List.copyOf(timer.args()));
        List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
        env.removeIf(variable -> environment.containsKey(variable.getName()));
        environment.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> env.add(new EnvVar(e.getKey(), e.getValue(), null)));
        container.setEnv(env);
        return cronJob;
    }

    private static Map<String, String> labels(Map<String, String> base, Timer timer) {
        Map<String, String> labels = new LinkedHashMap<>(base == null ? Map.of() : base);
        labels.put(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER);
        labels.putAll(timer.labels());
        return labels;
    }

    /** Creates the timer's CronJob, or updates the one of that name. */
    public void put(Timer timer) throws ClusterException {
        try {
            client.batch().v1().cronjobs().inNamespace(settings.namespace()).resource(fill(timer)).createOr(NonDeletingOperation::update);
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.explain(e, settings.namespace(), "create or update the CronJob " + timer.name(),
                    "the schedule's cron fields and time zone (the cluster's own time zone database must know it) and [cluster] image");
        }
    }

    /** Deletes the CronJob of that name (and, through the garbage collector, its Jobs); nothing when there is none. */
    public void remove(String name) throws ClusterException {
        try {
            client.batch().v1().cronjobs().inNamespace(settings.namespace()).withName(name).delete();
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.explain(e, settings.namespace(), "delete the CronJob " + name);
        }
    }
}
