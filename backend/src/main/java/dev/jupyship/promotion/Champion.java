package dev.jupyship.promotion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A notebook's champion for one model name: the pointer {@code champion.json} in the store (see
 * {@link Champions}). It carries the champion's metrics, so the gate compares with them even if
 * the champion's run is deleted.
 *
 * @param run      the champion run's id
 * @param project  the project the run belongs to
 * @param notebook the notebook's path
 * @param model    the model name
 * @param metrics  the run's metrics
 * @param how      what made it champion: the gate, a manual promotion, a rollback
 * @param by       who: {@code gate}, or the user who promoted or rolled back
 * @param since    when it became champion
 * @param previous the champion it replaced, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Champion(String run, String project, String notebook, String model, Map<String, Object> metrics, ChampionEvent.Kind how,
                       String by, Instant since, String previous) {
}
