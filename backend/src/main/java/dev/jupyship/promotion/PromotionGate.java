package dev.jupyship.promotion;

import dev.jupyship.contract.Contract;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gate's decision on a succeeded run whose metrics are within their absolute bounds
 * ({@link MetricsCheck} already failed the others): promoted when there is no champion yet, or when
 * no metric with a direction ({@code better}) is worse than the champion's by more than its
 * {@code max_regression} (0 when not given); otherwise not promoted, with each reason. A contract that
 * gives no metric a direction is never promoted automatically. Pure: the champion is given.
 */
public final class PromotionGate {

    /** Who the history names for the gate's own decisions. */
    public static final String GATE = "gate";
    /** Rounding slack, so that a value exactly at the champion's minus the allowed change is not refused by floating point. */
    private static final double SLACK = 1e-12;

    private PromotionGate() {
    }

    /**
     * @param contract the run's contract (it declares a model)
     * @param run      the succeeded run
     * @param champion the current champion, or null
     */
    public static Promotion decide(Contract contract, RunManifest run, Champion champion, Instant now) {
        Contract.Model model = contract.outputs().model();
        Map<String, Contract.Bound> keys = contract.outputs().metrics() == null ? Map.of() : contract.outputs().metrics().keys();
        Map<String, Object> metrics = run.metrics() == null ? Map.of() : run.metrics();
        Map<String, Object> championMetrics = champion == null || champion.metrics() == null ? Map.of() : champion.metrics();
        List<String> reasons = new ArrayList<>();
        Map<String, Promotion.MetricChange> changes = new LinkedHashMap<>();
        boolean directed = false;
        for (Map.Entry<String, Contract.Bound> key : keys.entrySet()) {
            Contract.Bound bound = key.getValue();
            Double value = MetricValues.number(metrics.get(key.getKey()));
            if (bound.better() == null || value == null) {
                continue;
            }
            directed = true;
            Double before = MetricValues.number(championMetrics.get(key.getKey()));
            changes.put(key.getKey(), new Promotion.MetricChange(value, before, before == null ? null : value - before));
            if (before != null) {
                String refusal = regression(key.getKey(), value, before, bound);
                if (refusal != null) {
                    reasons.add(refusal);
                }
            }
        }
        List<String> artifacts = run.artifacts() == null ? List.of() : run.artifacts();
        if (!artifacts.contains(model.path())) {
            reasons.add("the model file " + model.path() + " is not among the run's outputs");
        }
        if (!directed) {
            reasons.add("the contract gives no metric a direction (\"better\": \"higher\" or \"lower\"), so runs of " + run.notebook()
                    + " are never promoted automatically; promote one by hand (jupyship promote " + run.id() + ")");
        }
        String against = champion == null ? null : champion.run();
        if (!reasons.isEmpty()) {
            return new Promotion(Promotion.Decision.NOT_PROMOTED, List.copyOf(reasons), model.name(), against, changes, now);
        }
        String why = champion == null ? "no champion yet: the first run that passes becomes the champion"
                : "no metric is worse than the champion " + champion.run() + "'s by more than the contract allows";
        return new Promotion(Promotion.Decision.PROMOTED, List.of(why), model.name(), against, changes, now);
    }

    /** Why the value is too much worse than the champion's, or null. */
    private static String regression(String name, double value, double champion, Contract.Bound bound) {
        double allowed = bound.maxRegression() == null ? 0 : bound.maxRegression();
        double slack = SLACK * Math.max(1, Math.abs(champion));
        String allowance = bound.maxRegression() == null ? "" : (bound.better() == Contract.Better.HIGHER ? " minus" : " plus")
                + " the allowed " + MetricValues.show(allowed);
        if (bound.better() == Contract.Better.HIGHER && value < champion - allowed - slack) {
            return name + " " + MetricValues.show(value) + " is below the champion's " + MetricValues.show(champion) + allowance;
        }
        if (bound.better() == Contract.Better.LOWER && value > champion + allowed + slack) {
            return name + " " + MetricValues.show(value) + " is above the champion's " + MetricValues.show(champion) + allowance;
        }
        return null;
    }
}
