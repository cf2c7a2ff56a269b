package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.lint.rules.RuleRegistry;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Notebooks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Big inputs get a result, not a crash: a 5,000-cell notebook and a 50 MB one. */
class LintLimitsTest {

    @Test
    void fiveThousandCells() {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            cells.add("code");
            cells.add(i % 100 == 0 ? "" : "value_" + i + " = " + i + "\nprint(value_" + i + ")");
        }
        Notebook notebook = Notebook.parse(Notebooks.bytes(cells.toArray(String[]::new)), "many.ipynb");
        LintResult result = RuleRegistry.linter().withoutStandardLint().lint(notebook, null, "many.ipynb", LintConfig.defaults());
        assertEquals(List.of(), result.notes());
        assertEquals(50, result.findings().stream().filter(f -> f.rule().equals("JS104")).count());
    }

    @Test
    void fiftyMegabytes() {
        String bigOutput = "x".repeat(10 * 1024 * 1024);
        String json = Notebooks.of("code", "print(big)", "code", "print(big)", "code", "print(big)", "code", "print(big)", "code", "print(big)")
                .replace("\"outputs\": []", "\"outputs\": [\n    {\n     \"name\": \"stdout\",\n     \"output_type\": \"stream\",\n     \"text\": \"" + bigOutput + "\"\n    }\n   ]");
        assertTrue(json.length() > 50 * 1024 * 1024);
        Notebook notebook = Notebook.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "big.ipynb");
        LintResult result = RuleRegistry.linter().withoutStandardLint().lint(notebook, null, "big.ipynb", LintConfig.defaults());
        assertEquals(5, result.findings().stream().filter(f -> f.rule().equals("JS105")).count());
        assertEquals(0, result.findings().stream().filter(f -> f.rule().equals("JS106")).count(), "stream text is not an image");
        assertTrue(result.findings().stream().filter(f -> f.rule().equals("JS105")).findFirst().orElseThrow().message().contains("the saved text output is 10240 KB (limit 100 KB)"), result.findings().toString());
    }
}
