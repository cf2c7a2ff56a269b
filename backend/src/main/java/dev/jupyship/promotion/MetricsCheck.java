package dev.jupyship.promotion;

import dev.jupyship.contract.Contract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A succeeded run's metrics against its contract's absolute bounds: every key the contract lists is
 * present, a key with bounds or a direction ({@code better}) holds a finite number, within
 * {@code min} and {@code max}. Each problem is one sentence ("mae 3.1 is above the contract's
 * maximum 2.5"); a run with any ends failed, never a plain success.
 */
public final class MetricsCheck {

    /** The {@link dev.jupyship.deploy.cluster.RunFailure} kind of a run whose metrics break its contract. */
    public static final String FAILURE_KIND = "metrics";

    private MetricsCheck() {
    }

    /** The problems of the metrics the run wrote ({@code null}: it wrote no metrics file), in the contract's key order. */
    public static List<String> problems(Contract.Metrics declared, Map<String, Object> metrics) {
        if (metrics == null) {
            return List.of("the run wrote no metrics file (output_dir/" + declared.file() + ")");
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Contract.Bound> key : declared.keys().entrySet()) {
            String name = key.getKey();
            Contract.Bound bound = key.getValue();
            if (!metrics.containsKey(name)) {
                problems.add(declared.file() + " lacks the required key '" + name + "'");
                continue;
            }
            boolean numeric = bound.min() != null || bound.max() != null || bound.better() != null;
            Double value = MetricValues.number(metrics.get(name));
            if (!numeric) {
                continue;
            }
            if (value == null) {
                problems.add(name + " " + MetricValues.show(metrics.get(name)) + " is not a finite number");
            } else if (bound.min() != null && value < bound.min()) {
                problems.add(name + " " + MetricValues.show(value) + " is below the contract's minimum " + MetricValues.show(bound.min()));
            } else if (bound.max() != null && value > bound.max()) {
                problems.add(name + " " + MetricValues.show(value) + " is above the contract's maximum " + MetricValues.show(bound.max()));
            }
        }
        return problems;
    }
}
