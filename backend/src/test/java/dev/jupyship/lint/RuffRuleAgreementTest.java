package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.lint.rules.UndefinedName;
import dev.jupyship.lint.rules.UnusedImport;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Json;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.Ruff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules that overlap with ruff find what ruff finds on the corpus: JS102 undefined-name against
 * F821, on notebooks whose cells ran in order (where a name used before its cell is a real gap, not
 * hidden state), and JS501 unused-import against F401. Each difference is listed with its reason;
 * a listed difference that no longer occurs fails the test too, so the list cannot go stale.
 * Skips without the corpus or without ruff.
 */
class RuffRuleAgreementTest {

    /** Findings ("notebook#cell:row:column CODE name") where the rule knowingly differs from ruff, and why. */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "notebooks/jupyter__nbconvert/tests__exporters__files__notebook2.ipynb#10:1:1 F821 hist",
            "only ruff: cell 3 runs %pylab inline, which star-imports numpy and pyplot (hist among them); ruff does not know "
                    + "that magic, JS102 treats it as the star import it is");

    private static final Map<String, String> CODES = Map.of("JS102", "F821", "JS501", "F401");

    @Test
    void undefinedNamesAndUnusedImportsAgreeWithRuff(@TempDir Path copies) throws Exception {
        Linter linter = new Linter(List.of(new UndefinedName(), new UnusedImport()));
        List<Path> linted = new ArrayList<>();
        Map<String, Path> lintedAs = new HashMap<>();
        Set<String> ours = new TreeSet<>();
        int outOfOrder = 0;
        int withSyntaxErrors = 0;
        for (Path file : Corpus.notebooks()) {
            Notebook notebook;
            try {
                notebook = Notebook.read(file);
            } catch (RuntimeException unreadable) {
                continue;
            }
            if (!notebook.language().equals("python")) {
                continue;
            }
            if (!ranInOrder(notebook)) {
                outOfOrder++;
                continue;
            }
            if (ModuleAnalysis.analyzeNotebook(notebook).cells().stream().anyMatch(c -> c.module().hasErrors())) {
                withSyntaxErrors++; // ruff reports only the syntax errors of such a notebook
                continue;
            }
            Path lintedFile = Json.path(notebook.metadata(), "language_info", "name") instanceof String ? file
                    : Ruff.copyWithLanguageInfo(file, copies);
            linted.add(lintedFile);
            lintedAs.put(lintedFile.toString(), file);
            for (Finding finding : linter.lint(notebook, file, Corpus.name(file), LintConfig.defaults()).findings()) {
                String source = notebook.cells().get(finding.cell()).source();
                int lineStart = lineStart(source, finding.line());
                String name = finding.rule().equals("JS102") ? finding.message().substring(1, finding.message().indexOf('\'', 1)) : "";
                ours.add(Ruff.key(file, finding.cell(), finding.line(), source, lineStart, finding.column() - 1,
                        CODES.get(finding.rule()), name));
            }
        }
        Set<String> theirs = Ruff.findings(linted, lintedAs, Set.copyOf(CODES.values()));
        System.out.printf("compared %d notebooks with ruff (left out: %d whose cells did not run in order, %d with syntax errors)%n",
                linted.size(), outOfOrder, withSyntaxErrors);
        Set<String> onlyOurs = new TreeSet<>(ours);
        onlyOurs.removeAll(theirs);
        Set<String> onlyRuff = new TreeSet<>(theirs);
        onlyRuff.removeAll(ours);
        for (Map.Entry<String, String> pair : new TreeMap<>(CODES).entrySet()) {
            String code = " " + pair.getValue() + " ";
            System.out.printf("%s vs %s: ruff %d, ours %d, only ruff %d, only ours %d%n", pair.getKey(), pair.getValue(),
                    theirs.stream().filter(k -> k.contains(code)).count(), ours.stream().filter(k -> k.contains(code)).count(),
                    onlyRuff.stream().filter(k -> k.contains(code)).count(), onlyOurs.stream().filter(k -> k.contains(code)).count());
        }
        Map<String, String> unexplained = new TreeMap<>();
        onlyOurs.stream().filter(k -> !KNOWN_DIFFERENCES.containsKey(k)).forEach(k -> unexplained.put(k, "only ours"));
        onlyRuff.stream().filter(k -> !KNOWN_DIFFERENCES.containsKey(k)).forEach(k -> unexplained.put(k, "only ruff"));
        assertEquals(Map.of(), unexplained, "findings where the rules and ruff disagree");
        Set<String> stale = new TreeSet<>(KNOWN_DIFFERENCES.keySet());
        stale.removeAll(onlyOurs);
        stale.removeAll(onlyRuff);
        assertEquals(Set.of(), stale, "known differences that no longer occur: remove them");
        assertTrue(linted.size() > 100, "too few notebooks compared: " + linted.size());
    }

    /** Every code cell that has an execution count has a higher one than the cells above it, and some have one. */
    static boolean ranInOrder(Notebook notebook) {
        int last = 0;
        for (Cell cell : notebook.cells()) {
            Integer count = cell.isCode() ? cell.executionCount() : null;
            if (count != null) {
                if (count <= last) {
                    return false;
                }
                last = count;
            }
        }
        return last > 0;
    }

    private static int lineStart(String source, int line) {
        int start = 0;
        for (int l = 1; l < line; l++) {
            int n = source.indexOf('\n', start);
            int r = source.indexOf('\r', start);
            int end = n < 0 ? r : r < 0 ? n : Math.min(n, r);
            start = end + (source.startsWith("\r\n", end) ? 2 : 1);
        }
        return start;
    }
}
