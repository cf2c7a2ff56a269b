package dev.jupyship.lint.report;

import dev.jupyship.Version;
import dev.jupyship.lint.Finding;
import dev.jupyship.lint.LintResult;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.notebook.SourceLocations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Findings as SARIF 2.1.0, for code-review tools and CI. Each result points at the line of the
 * .ipynb file that holds the offending source line (what a viewer can open), and carries the cell
 * index, cell line and column in its properties (what JupyterLab needs).
 */
public final class SarifReport {

    private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final String RULE_DOCS = "lint-rules/";

    private SarifReport() {
    }

    /**
     * @param locations for each result's file, where its cells' lines are in the file (null: cell lines are used as is)
     */
    public static Map<String, Object> render(List<LintResult> results, List<Rule> rules, Function<String, SourceLocations> locations) {
        List<Map<String, Object>> ruleEntries = new ArrayList<>();
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (Rule rule : rules) {
            RuleInfo info = rule.info();
            ruleIndex.put(info.id(), ruleEntries.size());
            ruleEntries.add(ordered(
                    "id", info.id(),
                    "name", info.name(),
                    "shortDescription", Map.of("text", info.summary()),
                    "helpUri", RULE_DOCS + info.id() + ".md",
                    "defaultConfiguration", Map.of("level", level(info.severity())),
                    "properties", ordered("family", info.family().title(), "fixable", info.fixable())));
        }
        List<Map<String, Object>> sarifResults = new ArrayList<>();
        for (LintResult result : results) {
            SourceLocations map = locations.apply(result.file());
            for (Finding finding : result.findings()) {
                Map<String, Object> region = new LinkedHashMap<>();
                if (!finding.isNotebookLevel()) {
                    int start = map == null ? finding.line() : map.fileLine(finding.cell(), finding.line());
                    int end = map == null ? finding.endLine() : map.fileLine(finding.cell(), finding.endLine());
                    region.put("startLine", start);
                    region.put("endLine", Math.max(start, end));
                } else {
                    region.put("startLine", 1);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("ruleId", finding.rule());
                if (ruleIndex.containsKey(finding.rule())) {
                    entry.put("ruleIndex", ruleIndex.get(finding.rule()));
                }
                entry.put("level", level(finding.severity()));
                entry.put("message", Map.of("text", finding.message()));
                entry.put("locations", List.of(Map.of("physicalLocation", ordered(
                        "artifactLocation", Map.of("uri", uri(result.file())),
                        "region", region))));
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put("cell", finding.cell());
                if (finding.cellId() != null) {
                    properties.put("cellId", finding.cellId());
                }
                properties.put("cellLine", finding.line());
                properties.put("cellColumn", finding.column());
                properties.put("source", finding.source());
                entry.put("properties", properties);
                sarifResults.add(entry);
            }
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "jupyship");
        driver.put("version", Version.current());
        driver.put("rules", ruleEntries);
        Map<String, Object> sarif = new LinkedHashMap<>();
        sarif.put("$schema", SCHEMA);
        sarif.put("version", "2.1.0");
        sarif.put("runs", List.of(ordered("tool", Map.of("driver", driver), "results", sarifResults)));
        return sarif;
    }

    /**
     * An object with its keys in the order given: the same file in every run, as diffs and SARIF
     * viewers' baselines want (a Map.of of several keys iterates in an order each JVM picks).
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    private static String level(Severity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    /** A relative URI reference for a file path (spaces and other reserved characters escaped). */
    static String uri(String file) {
        StringBuilder uri = new StringBuilder();
        for (String segment : file.replace('\\', '/').split("/", -1)) {
            if (uri.length() > 0) {
                uri.append('/');
            }
            uri.append(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return uri.toString();
    }
}
