package dev.jupyship.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.testing.PythonEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics checks of verify_outputs.py in a real Python process: a key with bounds or a direction must hold a number. */
class OutputVerifierTest {

    @TempDir
    Path folder;

    private List<String> metricChecks(String metricsJson) throws Exception {
        Files.writeString(folder.resolve("metrics.json"), metricsJson);
        Map<String, Contract.Bound> keys = new LinkedHashMap<>();
        keys.put("auc", new Contract.Bound(null, null, Contract.Better.HIGHER, 0.02));
        keys.put("mae", new Contract.Bound(null, 2.5));
        keys.put("note", new Contract.Bound(null, null));
        Contract.Outputs outputs = new Contract.Outputs(List.of(), null, new Contract.Metrics("metrics.json", keys));
        return new OutputVerifier(PythonEnvironment.ofVenv(PythonEnv.root())).verify(outputs, folder, folder, Duration.ofSeconds(60)).stream()
                .filter(check -> check.name().startsWith("metric ")).map(check -> (check.passed() ? "pass " : "fail ") + check.message()).toList();
    }

    @Test
    void aMetricWithADirectionMustBeANumber() throws Exception {
        assertEquals(List.of("fail auc = 'high' is not a finite number", "pass mae = 2 within [-inf, 2.5]", "pass note = 'x'"),
                metricChecks("{\"auc\": \"high\", \"mae\": 2, \"note\": \"x\"}"));
        assertEquals(List.of("pass auc = 0.9 within [-inf, inf]", "fail mae = 3 outside [-inf, 2.5]", "pass note = 1"),
                metricChecks("{\"auc\": 0.9, \"mae\": 3, \"note\": 1}"));
    }
}
