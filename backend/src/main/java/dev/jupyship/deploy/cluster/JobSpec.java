package dev.jupyship.deploy.cluster;

import dev.jupyship.run.Parameters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a cluster runs: one notebook, once.
 *
 * @param runId       the run's id, which names the job
 * @param notebook    the notebook as deployed (a local copy of the store's input.ipynb)
 * @param parameters  what papermill injects; the cluster adds {@code output_dir}
 * @param image       the runtime image (the local runner uses the sidecar's Python instead)
 * @param timeLimit   for the whole run
 * @param labels      run, notebook, user, author (the full values; Kubernetes keeps them as annotations
 *                    and sanitised copies as labels; the local runner keeps them for logs)
 * @param storePrefix the run's folder in the artifact store ({@code runs/<project>/<notebook>/<run id>/}): a
 *                    job that cannot see this machine's files (Kubernetes) reads {@code input.ipynb} and writes
 *                    {@code executed.ipynb} and {@code artifacts/} there itself; the local runner ignores it
 */
public record JobSpec(String runId, Path notebook, Map<String, Object> parameters, String image, Duration timeLimit,
                      Map<String, String> labels, String storePrefix) {

    public JobSpec {
        parameters = Parameters.copyOf(parameters);
        labels = Map.copyOf(labels);
    }
}
