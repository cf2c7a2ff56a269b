package dev.jupyship.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.serving.ModelComparison;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jupyship compare RUN_A RUN_B --input FILE}: two runs' models side by side on the same rows. */
@Command(name = "compare", description = "Compare two runs' models on the same rows (CSV or JSON): agreement, the largest differences, "
        + "and each model's metrics when the rows carry labels. Each model is loaded in a fresh process, as serving loads it.")
final class CompareCommand extends DeployCommands.Base implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_A")
    String runA;

    @Parameters(index = "1", paramLabel = "RUN_B")
    String runB;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The rows: a CSV file with a header line, or JSON (a list of rows).")
    Path input;

    @Option(names = "--label", paramLabel = "COLUMN", description = "The column holding the true answer: each model's metrics on the rows.")
    String label;

    @Option(names = "--tolerance", paramLabel = "X", description = "How far apart two numeric predictions may be and still agree (default 0.05).")
    Double tolerance;

    @Option(names = "--json", description = "Print the whole report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            throw new dev.jupyship.errors.BadInput(input + ": no such file");
        }
        PythonEnvironment python = venv != null ? PythonEnvironment.ofVenv(venv) : PythonEnvironment.detect();
        JsonNode report = ModelComparison.of(history(), python).compare(
                new ModelComparison.Request(runA, runB, input, null, label, tolerance));
        PrintWriter out = out();
        if (json) {
            out.println(Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            return 0;
        }
        String[] names = {"A", "B"};
        for (int i = 0; i < 2; i++) {
            JsonNode run = report.path("runs").get(i);
            out.println(names[i] + "  " + run.path("run").asText() + "  " + run.path("notebook").asText() + ", model '" + run.path("model").asText()
                    + "'" + (run.path("run_metrics").isObject() ? "; its run's metrics " + metrics(run.path("run_metrics")) : ""));
        }
        out.println(report.path("rows").asInt() + " rows of " + input.getFileName() + (label == null ? "" : ", label " + label));
        JsonNode summary = report.path("summary");
        String agreement = String.format(Locale.ROOT, "%.1f%% of rows (%d of %d)", 100 * summary.path("agreement").asDouble(),
                summary.path("agreeing_rows").asInt(), report.path("rows").asInt());
        if ("numeric".equals(summary.path("kind").asText())) {
            out.printf(Locale.ROOT, "agree: %s within %s; mean difference %s, largest %s%n", agreement, number(summary.path("tolerance")),
                    number(summary.path("mean_abs_difference")), number(summary.path("max_abs_difference")));
        } else {
            out.println("agree: " + agreement);
        }
        if (summary.has("metrics")) {
            for (int i = 0; i < 2; i++) {
                out.println("on these rows, " + names[i] + ": " + metrics(summary.path("metrics").get(i)));
            }
        }
        if (summary.path("largest_differences").size() > 0) {
            out.println("largest differences:");
            for (JsonNode row : summary.path("largest_differences")) {
                out.println("  row " + row.path("row").asInt() + "  A " + number(row.path("a")) + "  B " + number(row.path("b"))
                        + "  " + Jsons.MAPPER.writeValueAsString(row.path("input")));
            }
        }
        return 0;
    }

    private static String metrics(JsonNode metrics) {
        StringBuilder text = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> metric = it.next();
            text.append(text.length() == 0 ? "" : ", ").append(metric.getKey()).append(' ').append(number(metric.getValue()));
        }
        return text.toString();
    }

    private static String number(JsonNode value) {
        if (value.isFloatingPointNumber()) {
            return String.format(Locale.ROOT, "%.4g", value.asDouble()).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return value.isTextual() ? value.asText() : value.toString();
    }
}
