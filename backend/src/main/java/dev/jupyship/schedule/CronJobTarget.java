package dev.jupyship.schedule;

import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesBatchCluster;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesCronJobs;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesNames;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Schedules as CronJobs of the dev namespace (image/k8s/cronjob-template.yaml), one per schedule,
 * named by its id: its pod runs {@code jupyship schedule fire ID} in the runtime image with the runs'
 * store and project the sidecar has, so the run lands in the same history.
 */
public final class CronJobTarget implements ScheduleTarget {

    private static final Logger LOG = Logger.getLogger(CronJobTarget.class.getName());

    /** The CronJob's label naming its schedule. */
    public static final String SCHEDULE_LABEL = KubernetesNames.PREFIX + "schedule";

    private final KubernetesCronJobs cronJobs;
    private final Duration timeLimit;

    CronJobTarget(KubernetesCronJobs cronJobs, Duration timeLimit) {
        this.cronJobs = cronJobs;
        this.timeLimit = timeLimit;
    }

    /**
     * The target of a deployer on Kubernetes with its runs in a bucket; empty otherwise: for another
     * cluster, and for a store a CronJob's pod cannot reach (the workspace's folder), the sidecar's
     * own scheduler fires the schedules, each run a Job as any deploy.
     */
    public static Optional<ScheduleTarget> of(Deployer deployer) throws IOException {
        if (!(deployer.cluster() instanceof KubernetesBatchCluster cluster)) {
            return Optional.empty();
        }
        DeployConfig config = deployer.config();
        if (!"gcs".equals(config.storeKind())) {
            LOG.warning("schedules are fired by the sidecar, not by CronJobs: their pods would not reach the runs' store, which is '"
                    + config.storeKind() + "' (set [store] kind = \"gcs\")");
            return Optional.empty();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JUPYSHIP_STORE", "gcs");
        environment.put("JUPYSHIP_STORE_BUCKET", config.bucket());
        environment.put("JUPYSHIP_STORE_PREFIX", config.prefix() == null ? "" : config.prefix());
        if (config.endpoint() != null && !config.endpoint().isBlank()) {
            environment.put("JUPYSHIP_STORE_ENDPOINT", config.endpoint());
        }
        environment.put("JUPYSHIP_PROJECT", deployer.project());
        return Optional.of(new CronJobTarget(cluster.cronJobs(config.image(), environment), Duration.ofSeconds(config.timeLimitSeconds())));
    }

    static KubernetesCronJobs.Timer timer(Schedule schedule, Duration timeLimit) {
        return new KubernetesCronJobs.Timer(schedule.id(), schedule.cron(), schedule.timeZone(), schedule.paused(),
                List.of("schedule", "fire", schedule.id()), timeLimit, Map.of(SCHEDULE_LABEL, schedule.id()));
    }

    @Override
    public void put(Schedule schedule) throws IOException {
        cronJobs.put(timer(schedule, timeLimit));
    }

    @Override
    public void remove(String id) throws IOException {
        cronJobs.remove(id);
    }
}
