package dev.jupyship.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.notebook.Json;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.Ruff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our unused imports (F401) and undefined names (F821) agree with ruff's on the corpus notebooks.
 * Skips when no ruff is found: {@code $JUPYSHIP_RUFF}, {@code bin/ruff} of the project venv, or
 * {@code .venv-ruff/bin/ruff} in the checkout. Ruff is run once for all notebooks.
 */
class RuffAgreementTest {

    /** Findings ("notebook#cell:row:column CODE name") where we knowingly differ from ruff, and why. */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of();


    @Test
    void unusedImportsAndUndefinedNamesAgreeWithRuff(@TempDir Path copies) throws Exception {
        Ruff.program();
        List<Path> notebooks = new ArrayList<>();
        int withoutLanguageInfo = 0;
        Map<String, Path> lintedAs = new java.util.HashMap<>();
        int withSyntaxErrors = 0;
        Set<String> ours = new TreeSet<>();
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
            Path linted = file;
            if (!(Json.path(notebook.metadata(), "language_info", "name") instanceof String)) {
                // ruff takes a notebook without language_info for another language and skips it: lint a copy that has it
                withoutLanguageInfo++;
                linted = Ruff.copyWithLanguageInfo(file, copies);
            }
            ModuleAnalysis analysis = ModuleAnalysis.analyzeNotebook(notebook);
            if (analysis.cells().stream().anyMatch(c -> c.module().hasErrors())) {
                withSyntaxErrors++; // ruff reports only the syntax errors of such a notebook
                continue;
            }
            notebooks.add(linted);
            lintedAs.put(linted.toString(), file);
            Map<Integer, String> sources = new TreeMap<>();
            analysis.cells().forEach(c -> sources.put(c.index(), c.source()));
            for (Binding unused : analysis.unusedImports()) {
                ours.add(key(file, unused.cell(), sources.get(unused.cell()), unused.span(), "F401", ""));
            }
            for (NameUse undefined : analysis.undefinedNames()) {
                ours.add(key(file, undefined.cell(), sources.get(undefined.cell()), undefined.span(), "F821", undefined.name()));
            }
        }
        Set<String> theirs = Ruff.findings(notebooks, lintedAs, Set.of("F401", "F821"));
        System.out.printf("compared %d notebooks (%d of them linted as a copy with language_info added; left out: %d with syntax "
                + "errors, where ruff reports only those)%n", notebooks.size(), withoutLanguageInfo, withSyntaxErrors);

        Set<String> both = new TreeSet<>(ours);
        both.retainAll(theirs);
        Set<String> onlyOurs = new TreeSet<>(ours);
        onlyOurs.removeAll(theirs);
        Set<String> onlyRuff = new TreeSet<>(theirs);
        onlyRuff.removeAll(ours);
        for (String code : List.of("F401", "F821")) {
            System.out.printf("%s: ruff %d, ours %d, both %d, only ruff %d, only ours %d%n", code, count(theirs, code), count(ours, code),
                    count(both, code), count(onlyRuff, code), count(onlyOurs, code));
        }
        Map<String, String> unexplained = new TreeMap<>();
        onlyOurs.forEach(k -> System.out.println("  only ours: " + k + known(k)));
        onlyRuff.forEach(k -> System.out.println("  only ruff: " + k + known(k)));
        onlyOurs.stream().filter(k -> !KNOWN_DIFFERENCES.containsKey(k)).forEach(k -> unexplained.put(k, "only ours"));
        onlyRuff.stream().filter(k -> !KNOWN_DIFFERENCES.containsKey(k)).forEach(k -> unexplained.put(k, "only ruff"));
        assertEquals(Map.of(), unexplained, "findings where we and ruff disagree");
    }

    private static String known(String key) {
        return KNOWN_DIFFERENCES.containsKey(key) ? "  [known: " + KNOWN_DIFFERENCES.get(key) + "]" : "";
    }

    private static long count(Set<String> keys, String code) {
        return keys.stream().filter(k -> k.contains(" " + code + " ")).count();
    }

    /** Ruff's own form: 1-based row in the cell, 1-based column in code points. */
    private static String key(Path file, int cell, String source, Span span, String code, String name) {
        int lineStart = span.startOffset() - span.startColumn();
        int column = source.codePointCount(lineStart, span.startOffset()) + 1;
        return Corpus.name(file) + "#" + cell + ":" + (span.startLine() + 1) + ":" + column + " " + code + " " + name;
    }

}
