package dev.jupyship.deploy;

import dev.jupyship.run.Parameters;
import java.util.Map;

/**
 * One deploy: {@code POST /api/deploy}'s body, or {@code jupyship deploy}'s arguments.
 *
 * @param path           the notebook, relative to the workspace
 * @param ref            a git revision, or null for the working tree
 * @param parameters     papermill parameters
 * @param target         null or the configured dev target
 * @param force          deploy despite error-severity lint findings (dev only)
 * @param idempotencyKey the same key returns the same run (double clicks)
 */
public record DeployRequest(String path, String ref, Map<String, Object> parameters, String target, boolean force,
                            String idempotencyKey) {

    public DeployRequest {
        parameters = Parameters.copyOf(parameters);
    }
}
