package dev.jupyship.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Ruff, for tests that compare our findings with its own on corpus notebooks. Findings are keyed
 * the same way on both sides: {@code notebook#cell:row:column CODE name}, the cell counted from 0
 * with markdown, the row 1-based in the cell, the column 1-based in code points (ruff's).
 */
public final class Ruff {

    private Ruff() {
    }

    /** {@code $JUPYSHIP_RUFF}, the project venv's ruff, or {@code .venv-ruff/bin/ruff}; skips the test when none is there. */
    public static Path program() {
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

    /** A finding's key; {@code column0} is the 0-based UTF-16 column in {@code source}'s line starting at {@code lineStart}. */
    public static String key(Path notebook, int cell, int row, String source, int lineStart, int column0, String code, String name) {
        int column = source.codePointCount(lineStart, lineStart + column0) + 1;
        return Corpus.name(notebook) + "#" + cell + ":" + row + ":" + column + " " + code + " " + name;
    }

    /** Ruff takes a notebook without language_info for another language and skips it: a copy that has it, in {@code folder}. */
    public static Path copyWithLanguageInfo(Path file, Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(file.toFile());
        root.with("metadata").with("language_info").put("name", "python");
        Path copy;
        try (var files = Files.list(folder)) {
            copy = folder.resolve(files.count() + ".ipynb");
        }
        json.writeValue(copy.toFile(), root);
        return copy;
    }

    /**
     * Runs ruff once over the notebooks with only {@code codes} selected, no configuration and no cache.
     * F401 keys carry no name (ruff names what is imported, we the name bound: the position says enough).
     *
     * @param lintedAs for each file ruff lints, the corpus notebook it stands for
     */
    public static Set<String> findings(List<Path> notebooks, Map<String, Path> lintedAs, Set<String> codes) throws Exception {
        List<String> command = new ArrayList<>(List.of(program().toString(), "check", "--isolated", "--no-cache", "--exit-zero",
                "--select", String.join(",", codes), "--output-format", "json"));
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
            if (!codes.contains(code)) {
                continue;
            }
            String message = finding.path("message").asText();
            String name = code.equals("F401") ? "" : message.substring(message.indexOf('`') + 1, message.lastIndexOf('`'));
            Path file = lintedAs.get(finding.path("filename").asText());
            int cell = finding.path("cell").asInt() - 1; // ruff counts cells from 1, markdown included
            keys.add(Corpus.name(file) + "#" + cell + ":" + finding.path("location").path("row").asInt() + ":"
                    + finding.path("location").path("column").asInt() + " " + code + " " + name);
        }
        return keys;
    }
}
