package dev.jupyship.deploy;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param schedule       the schedule that starts this run, or null for a deploy by hand (recorded in the run's manifest);
 *                       set by the scheduler only, never read from a request's body
 */
public record DeployRequest(String path, String ref, Map<String, Object> parameters, String target, boolean force,
                            String idempotencyKey, @JsonIgnore String schedule) {

    public DeployRequest {
        parameters = Parameters.copyOf(parameters);
    }

    /** A deploy by hand. */
    public DeployRequest(String path, String ref, Map<String, Object> parameters, String target, boolean force, String idempotencyKey) {
        this(path, ref, parameters, target, force, idempotencyKey, null);
    }
}
