package dev.jupyship.schedule;

import dev.jupyship.run.Parameters;
import java.util.Map;

/**
 * A new schedule: {@code POST /api/schedules}'s body, or {@code jupyship schedule add}'s arguments.
 *
 * @param notebook   the notebook, relative to the workspace
 * @param cron       five cron fields, e.g. {@code 0 3 * * *}
 * @param timeZone   the zone the fields are read in; null: UTC
 * @param parameters papermill parameters, checked against the notebook's contract
 * @param ref        a commit (pinned) or a branch (resolved at each run); null: the working tree at each run
 */
public record ScheduleRequest(String notebook, String cron, String timeZone, Map<String, Object> parameters, String ref) {

    public ScheduleRequest {
        parameters = Parameters.copyOf(parameters);
    }
}
