package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.lint.rules.RuleRegistry;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Notebooks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Python rules stay quiet on notebooks whose kernel runs another language; the notebook rules still apply. */
class OtherLanguagesTest {

    @Test
    void anRNotebookIsNotParsedAsPython() {
        String r = Notebooks.of("code", "library(ggplot2)\nx <- c(1, 2, 3)\nprint(x[[1]])", "code", "")
                .replace("\"display_name\": \"Python 3\"", "\"display_name\": \"R\"")
                .replace("\"language\": \"python\"", "\"language\": \"R\"")
                .replace("\"name\": \"python3\"", "\"name\": \"ir\"");
        Notebook notebook = Notebook.parse(r.getBytes(StandardCharsets.UTF_8), "analysis.ipynb");
        LintResult result = RuleRegistry.linter().withoutStandardLint().lint(notebook, null, "analysis.ipynb", LintConfig.defaults());
        assertEquals(List.of("JS104", "JS201"), result.findings().stream().map(Finding::rule).sorted().toList());
    }
}
