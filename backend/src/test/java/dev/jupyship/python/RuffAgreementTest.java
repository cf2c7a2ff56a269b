package dev.jupyship.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jupyship.notebook.Json;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.PythonEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our unused imports (F401) and undefined names (F821) agree with ruff's on the corpus notebooks.
 * Skips when no ruff is found: {@code $JUPYSHIP_RUFF}, {@code bin/ruff} of the project venv, or
 * {@code .venv-ruff/bin/ruff} in the checkout. Ruff is run once for all notebooks.
 */
class RuffAgreementTest {

    /** Findings ("notebook#cell:row:column CODE name") where we knowingly differ from ruff, and why. */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

    static Path ruff() {
        String configured = System.getenv("JUPYSHIP_RUFF");
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(PythonEnv.root().resolve("bin/ruff"));
        candidates.add(Corpus.repository().resolve(".venv-ruff/bin/ruff"));
        Path found = candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(found != null, "no ruff found (set JUPYSHIP_RUFF)");
        return found;
    }

    @Test
    void unusedImportsAndUndefinedNamesAgreeWithRuff() throws Exception {
        Path ruff = ruff();
        List<Path> notebooks = new ArrayList<>();
        int withoutLanguageInfo = 0;
        Path copies = Files.createTempDirectory("ruff-notebooks");
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
                linted = copyWithLanguageInfo(file, copies);
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
        Set<String> theirs = runRuff(ruff, notebooks, lintedAs);
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

    private static Path copyWithLanguageInfo(Path file, Path folder) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
        root.with("metadata").with("language_info").put("name", "python");
        Path copy = folder.resolve(Files.list(folder).count() + ".ipynb");
        json.writeValue(copy.toFile(), root);
        return copy;
    }

    private static Set<String> runRuff(Path ruff, List<Path> notebooks, Map<String, Path> lintedAs) throws Exception {
        List<String> command = new ArrayList<>(List.of(ruff.toString(), "check", "--isolated", "--no-cache", "--exit-zero",
                "--select", "F401,F821", "--output-format", "json"));
        notebooks.forEach(n -> command.add(n.toString()));
        Path output = Files.createTempFile("ruff", ".json");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("ruff did not finish");
        }
        JsonNode findings = new ObjectMapper().readTree(output.toFile());
        Files.deleteIfExists(output);
        Set<String> keys = new TreeSet<>();
        for (JsonNode finding : findings) {
            String code = finding.path("code").asText();
            if (!code.equals("F401") && !code.equals("F821")) {
                continue;
            }
            String message = finding.path("message").asText();
            String name = message.substring(message.indexOf('`') + 1, message.lastIndexOf('`'));
            if (code.equals("F401")) {
                name = ""; // ruff names what is imported (numpy, os.path.join), we the name bound: the position says enough
            }
            Path file = lintedAs.get(finding.path("filename").asText());
            int cell = finding.path("cell").asInt() - 1; // ruff counts cells from 1, markdown included
            keys.add(Corpus.name(file) + "#" + cell + ":" + finding.path("location").path("row").asInt() + ":"
                    + finding.path("location").path("column").asInt() + " " + code + " " + name);
        }
        return keys;
    }
}
