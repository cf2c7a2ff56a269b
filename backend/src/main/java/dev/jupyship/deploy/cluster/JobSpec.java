package dev.jupyship.deploy.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a cluster runs: one notebook, once.
 *
 * @param runId      the run's id, which names the job
 * @param notebook   the notebook as deployed (a local copy of the store's input.ipynb)
 * @param parameters what papermill injects; the cluster adds {@code output_dir}
 * @param image      the runtime image (the local runner uses the sidecar's Python instead)
 * @param timeLimit  for the whole run
 * @param labels     notebook, user... (Kubernetes labels; the local runner keeps them for logs)
 */
public record JobSpec(String runId, Path notebook, Map<String, Object> parameters, String image, Duration timeLimit,
                      Map<String, String> labels) {

    public JobSpec {
        parameters = Map.copyOf(parameters);
        labels = Map.copyOf(labels);
    }
}
