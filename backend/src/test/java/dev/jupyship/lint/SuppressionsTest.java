package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.lint.rules.RuleRegistry;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Notebooks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a finding is silenced: its line, its cell (tag or metadata), or the whole notebook (metadata). */
class SuppressionsTest {

    private static final Linter LINTER = RuleRegistry.linter().withoutStandardLint();

    /** JS201: no cell is tagged parameters (the notebook's); JS301: a machine's own path (cell 0, line 1). */
    private static String notebook() {
        return Notebooks.of("code", "path = '/Users/ana/churn.csv'", "code", "print(path)");
    }

    private static List<String> rules(String json) {
        Notebook notebook = Notebook.parse(json.getBytes(StandardCharsets.UTF_8), "nb.ipynb");
        return LINTER.lint(notebook, null, "nb.ipynb", LintConfig.defaults()).findings().stream()
                .map(Finding::rule).filter(rule -> rule.equals("JS201") || rule.equals("JS301")).distinct().sorted().toList();
    }

    private static String withNotebookMetadata(String json, String jupyship) {
        return json.replace(" \"metadata\": {\n  \"kernelspec\"", " \"metadata\": {\n  \"jupyship\": " + jupyship + ",\n  \"kernelspec\"");
    }

    @Test
    void eachPlaceSilencesOnlyWhatItNames() {
        assertEquals(List.of("JS201", "JS301"), rules(notebook()));
        assertEquals(List.of("JS201"), rules(notebook().replace("churn.csv'", "churn.csv'  # noqa: JS301")));
        assertEquals(List.of("JS201", "JS301"), rules(notebook().replace("churn.csv'", "churn.csv'  # noqa: JS302")));
        assertEquals(List.of("JS201"), rules(notebook().replaceFirst("\"metadata\": \\{\\},", "\"metadata\": {\"jupyship\": {\"ignore\": [\"JS301\"]}},")));
        assertEquals(List.of("JS201"), rules(notebook().replaceFirst("\"metadata\": \\{\\},", "\"metadata\": {\"tags\": [\"noqa:JS301\"]},")));
    }

    @Test
    void theNotebooksMetadataSilencesARuleInEveryCellAndTheNotebooksOwnFindings() {
        assertEquals(List.of("JS301"), rules(withNotebookMetadata(notebook(), "{\"ignore\": [\"JS201\"]}")));
        assertEquals(List.of(), rules(withNotebookMetadata(notebook(), "{\"ignore\": [\"JS301\", \"JS201\"]}")));
        assertEquals(List.of("JS201", "JS301"), rules(withNotebookMetadata(notebook(), "{\"ignore\": \"JS301\"}")), "a list, not a string");
    }
}
