package dev.jupyship.promotion;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.jupyship.deploy.Promotion;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of a champion's append-only history: a decision of the gate (promoted or not, with
 * its reasons), a manual promotion or a rollback. Written once under its own key, never changed.
 *
 * @param kind     what happened
 * @param run      the run decided on (promoted, refused, or rolled back to)
 * @param notebook the notebook's path
 * @param model    the model name
 * @param before   the champion before, or null
 * @param after    the champion after (the same as {@code before} when it did not move), or null
 * @param reasons  why, one sentence each
 * @param changes  per metric with a direction: the run's value against the champion's
 * @param by       {@code gate}, or the user
 * @param at       when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChampionEvent(Kind kind, String run, String notebook, String model, String before, String after, List<String> reasons,
                            Map<String, Promotion.MetricChange> changes, String by, Instant at) {

    public enum Kind {
        /** The gate promoted a succeeded run. */
        PROMOTED,
        /** The gate kept the champion; the reasons say why. */
        NOT_PROMOTED,
        /** A person made a run champion, whatever the gate said. */
        MANUAL_PROMOTE,
        /** A person moved the champion back to an earlier champion. */
        ROLLBACK;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Kind parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** Whether an event of this kind made its run champion. */
        public boolean moves() {
            return this != NOT_PROMOTED;
        }
    }
}
