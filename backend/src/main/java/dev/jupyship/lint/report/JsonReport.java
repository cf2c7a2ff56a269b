package dev.jupyship.lint.report;

import dev.jupyship.lint.Finding;
import dev.jupyship.lint.LintResult;
import dev.jupyship.lint.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings as the lab extension and scripts read them: the {@link LintResult} fields plus counts.
 * Cells are 0-based absolute indexes, as JupyterLab's notebook model addresses them.
 */
public final class JsonReport {

    /** One notebook's answer. */
    public record Body(String file, List<Finding> findings, List<String> notes, Map<String, Long> summary) {
    }

    private JsonReport() {
    }

    public static Body of(LintResult result) {
        // In severity order, the same in every run (Map.of iterates in an order each JVM picks).
        Map<String, Long> summary = new LinkedHashMap<>();
        for (Severity severity : List.of(Severity.ERROR, Severity.WARNING, Severity.INFO)) {
            summary.put(severity.label(), result.count(severity));
        }
        return new Body(result.file(), result.findings(), result.notes(), summary);
    }
}
