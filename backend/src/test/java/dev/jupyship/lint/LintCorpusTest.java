package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.lint.rules.RuleRegistry;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.NotebookFormatException;
import dev.jupyship.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every readable corpus notebook lints without a rule failing on it; prints how often each rule fires. */
class LintCorpusTest {

    @Test
    void everyCorpusNotebookLintsWithoutARuleFailing() throws Exception {
        Linter linter = new Linter(RuleRegistry.rules());
        List<String> failures = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        int linted = 0;
        for (Path file : Corpus.notebooks()) {
            Notebook notebook;
            try {
                notebook = Notebook.parse(Files.readAllBytes(file), Corpus.name(file));
            } catch (NotebookFormatException unreadable) {
                continue;
            }
            LintResult result = linter.lint(notebook, file, Corpus.name(file), LintConfig.defaults());
            result.notes().forEach(note -> failures.add(Corpus.name(file) + ": " + note));
            for (Finding finding : result.findings()) {
                counts.merge(finding.rule(), 1, Integer::sum);
                if (!finding.isNotebookLevel()) {
                    assertTrue(finding.cell() < notebook.cells().size() && finding.line() >= 1 && finding.column() >= 1, finding.toString());
                }
            }
            linted++;
        }
        System.out.println("corpus lint: " + linted + " notebooks, findings per rule: " + counts);
        assertEquals(List.of(), failures);
        assertTrue(linted > 200);
    }
}
