package dev.jupyship.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing worth telling the team, sent to every webhook that wants its kind, at most once.
 *
 * @param kind     what it is about
 * @param key      what identifies the event for dedupe: {@code run_failed:<run id>}; the same key is one alert, whoever sees it
 * @param project  the project of the notebook
 * @param notebook the notebook's path in the workspace
 * @param run      the run's id, or null (a schedule that was missed has no run)
 * @param summary  one sentence a person can act on
 * @param details  the rest, by name (a failure's cell and exception, the reasons a run was not promoted)
 * @param at       when it was noticed
 */
public record AlertEvent(AlertKind kind, String key, String project, String notebook, String run, String summary,
                         Map<String, Object> details, Instant at) {

    public AlertEvent {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The plain JSON payload: the event's fields by their names, the kind as its label. */
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind.label());
        json.put("key", key);
        json.put("project", project);
        json.put("notebook", notebook);
        json.put("run", run);
        json.put("summary", summary);
        json.put("details", details);
        json.put("at", at.toString());
        return json;
    }
}
