package dev.jupyship.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.notebook.Outputs;
import dev.jupyship.run.Installation;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.run.PythonScript;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a run's declared outputs in a Python process of its own ({@code verify_outputs.py}),
 * so a model is proven to load outside the kernel that built it, with only what is installed, and
 * to answer its sample input through the serving package's model interface, as serving will call it.
 */
public final class OutputVerifier {

    private static final PythonScript SCRIPT = PythonScript.load(OutputVerifier.class, "verify_outputs.py");

    private final PythonEnvironment python;

    public OutputVerifier(PythonEnvironment python) {
        this.python = python;
    }

    public List<Check> verify(Contract.Outputs outputs, Path outputDir, Path cwd, Duration timeout) throws InterruptedException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("output_dir", outputDir.toAbsolutePath().toString());
        request.put("files", outputs.files());
        if (outputs.model() != null) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("path", outputs.model().path());
            model.put("method", outputs.model().method());
            if (outputs.model().sampleInput() != null) {
                model.put("sample_input", outputs.model().sampleInput());
            }
            if (outputs.model().input() != null) {
                model.put("input", outputs.model().input());
            }
            if (outputs.model().output() != null) {
                model.put("output", outputs.model().output());
            }
            request.put("model", model);
        }
        if (outputs.metrics() != null) {
            Map<String, Object> keys = new LinkedHashMap<>();
            outputs.metrics().keys().forEach((key, bound) -> {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("min", bound.min());
                b.put("max", bound.max());
                // a metric compared with the champion must be a number, as one with bounds must
                b.put("numeric", bound.better() != null);
                keys.put(key, b);
            });
            request.put("metrics", Map.of("file", outputs.metrics().file(), "keys", keys));
        }
        List<Check> checks = new ArrayList<>();
        try {
            String output = SCRIPT.run(python.python(), Jsons.MAPPER.writeValueAsString(request), cwd, timeout,
                    List.of(Installation.folder("image").toAbsolutePath().toString()));
            for (JsonNode check : Jsons.MAPPER.readTree(output).get("checks")) {
                checks.add(new Check(check.get("name").asText(), check.get("passed").asBoolean(), check.get("message").asText(), null));
            }
        } catch (IOException e) {
            checks.add(Check.fail("outputs", "the outputs could not be verified: " + e.getMessage(), null));
        }
        return checks;
    }
}
