package dev.jupyship.deploy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The promotion gate's decision on a succeeded run, as its manifest records it. The gate is the
 * promotion feature's (it reads the contract and the champion); deploy keeps only what was decided,
 * so the runs view and alerts read it with the run, and deploy needs nothing of the gate.
 *
 * @param decision  promoted, or not
 * @param reasons   why, one sentence each ("auc 0.81 is below the champion's 0.86 minus the allowed 0.02")
 * @param model     the model name the champion is kept for ({@code model} unless the contract names it)
 * @param champion  the champion run the candidate was compared with; null when there was none
 * @param changes   per metric the contract gives a direction ({@code better}): the run's value, the champion's and the change
 * @param decidedAt when the gate decided
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Promotion(Decision decision, List<String> reasons, String model, String champion, Map<String, MetricChange> changes,
                        Instant decidedAt) {

    public enum Decision {
        PROMOTED, NOT_PROMOTED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Decision parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /**
     * One metric against the champion.
     *
     * @param value    the run's
     * @param champion the champion's, or null when there is no champion or it lacks the metric
     * @param change   {@code value - champion}, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MetricChange(double value, Double champion, Double change) {
    }

    public boolean promoted() {
        return decision == Decision.PROMOTED;
    }
}
