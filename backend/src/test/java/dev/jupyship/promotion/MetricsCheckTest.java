package dev.jupyship.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.contract.Contract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The absolute bounds: each problem one sentence, in the contract's key order. */
class MetricsCheckTest {

    private static final Contract.Metrics DECLARED = new Contract.Metrics("metrics.json", new LinkedHashMap<>(Map.of()));

    static {
        DECLARED.keys().put("auc", new Contract.Bound(0.5, 1.0, Contract.Better.HIGHER, 0.02));
        DECLARED.keys().put("mae", new Contract.Bound(null, 2.5));
        DECLARED.keys().put("loss", new Contract.Bound(null, null, Contract.Better.LOWER, null));
        DECLARED.keys().put("run_date", new Contract.Bound(null, null));
    }

    @Test
    void metricsWithinBoundsHaveNoProblems() {
        assertEquals(List.of(), MetricsCheck.problems(DECLARED, Map.of("auc", 0.9, "mae", 2.5, "loss", 1, "run_date", "2026-01-01")));
    }

    @Test
    void eachBrokenBoundAndMissingKeyIsNamed() {
        assertEquals(List.of("auc 0.4 is below the contract's minimum 0.5", "mae 3.1 is above the contract's maximum 2.5",
                        "loss \"low\" is not a finite number", "metrics.json lacks the required key 'run_date'"),
                MetricsCheck.problems(DECLARED, Map.of("auc", 0.4, "mae", 3.1, "loss", "low")));
        assertEquals(List.of("auc true is not a finite number", "mae 3 is above the contract's maximum 2.5"),
                MetricsCheck.problems(DECLARED, Map.of("auc", true, "mae", 3, "loss", 0, "run_date", "x")));
    }

    @Test
    void noMetricsFileIsAProblem() {
        assertEquals(List.of("the run wrote no metrics file (output_dir/metrics.json)"), MetricsCheck.problems(DECLARED, null));
    }
}
