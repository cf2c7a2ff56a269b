package dev.jupyship.snippets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Executes every runnable snippet in a real Python kernel of the given environment: for each one,
 * the snippets it requires and then itself, their check set-up code first, in a fresh namespace and
 * an empty working folder. All snippets share one kernel (imports are paid once; see
 * {@code run_snippets.py}), which is several times faster than a papermill run per snippet.
 */
public final class ExecutionCheck implements SnippetCheck {

    private static final String DRIVER = resource("run_snippets.py");
    private final Path venv;
    private final int timeoutSeconds;

    public ExecutionCheck(Path venv, int timeoutSeconds) {
        this.venv = venv;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public String name() {
        return "execution";
    }

    @Override
    public List<SnippetProblem> check(SnippetCatalog.Snapshot catalog, Consumer<String> progress) throws Exception {
        Path python = venv.resolve("bin").resolve("python");
        if (!Files.isExecutable(python)) {
            throw new IOException("no Python environment at " + venv + ": run scripts/setup-python, or name one with --venv or $JUPYSHIP_VENV");
        }
        Path scratch = Files.createTempDirectory("jupyship-snippets-");
        try {
            List<Map<String, Object>> plan = new ArrayList<>();
            Map<String, Snippet> checked = new LinkedHashMap<>();
            List<SnippetProblem> problems = new ArrayList<>();
            for (Snippet snippet : catalog.all()) {
                if (!snippet.runnable()) {
                    progress.accept("skip  " + snippet.id() + " (runnable: false)");
                    continue;
                }
                Path workdir = Files.createDirectories(scratch.resolve(snippet.id()));
                List<Map<String, Object>> cells = new ArrayList<>();
                List<String> packages = new ArrayList<>();
                for (Snippet part : SnippetCatalog.withRequirements(snippet, catalog)) {
                    part.packages().stream().filter(p -> !packages.contains(p)).forEach(packages::add);
                    for (SnippetCell.Kind kind : List.of(SnippetCell.Kind.CHECK_SETUP, SnippetCell.Kind.CODE)) {
                        for (SnippetCell cell : part.cells()) {
                            if (cell.kind() == kind) {
                                cells.add(Map.of("snippet", part.id(), "file", part.file(), "line", cell.line(), "code", cell.source()));
                            }
                        }
                    }
                }
                plan.add(Map.of("id", snippet.id(), "workdir", workdir.toString(), "packages", packages, "cells", cells));
                checked.put(snippet.id(), snippet);
            }
            if (plan.isEmpty()) {
                return problems;
            }
            Path planFile = scratch.resolve("plan.json");
            Jsons.MAPPER.writeValue(planFile.toFile(), Map.of("timeout", timeoutSeconds, "snippets", plan));
            ProcessBuilder builder = new ProcessBuilder(python.toString(), "-c", DRIVER, planFile.toString());
            builder.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
            Process process = builder.start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    JsonNode result = Jsons.MAPPER.readTree(line);
                    Snippet snippet = checked.remove(result.get("id").asText());
                    if (snippet == null) {
                        continue;
                    }
                    String seconds = String.format("%5.1f s", result.path("seconds").asDouble());
                    if (result.get("ok").asBoolean()) {
                        progress.accept("ok    " + snippet.id() + "  " + seconds);
                        continue;
                    }
                    SnippetProblem problem = problem(snippet, result);
                    problems.add(problem);
                    progress.accept("FAIL  " + snippet.id() + "  " + seconds + "  " + problem);
                    if (result.hasNonNull("details") && !result.get("details").asText().isBlank()) {
                        progress.accept(result.get("details").asText().indent(6).stripTrailing());
                    }
                }
            }
            int exit = process.waitFor();
            if (!checked.isEmpty()) {
                String reason = "the kernel run stopped (exit " + exit + ") before this snippet ran: " + lastLines(stderr.join());
                for (Snippet snippet : checked.values()) {
                    problems.add(new SnippetProblem(snippet.file(), 0, reason));
                }
            }
            return problems;
        } finally {
            deleteTree(scratch);
        }
    }

    private SnippetProblem problem(Snippet snippet, JsonNode result) {
        if (result.has("missing")) {
            List<String> missing = new ArrayList<>();
            result.get("missing").forEach(m -> missing.add(m.asText()));
            return new SnippetProblem(snippet.file(), snippet.line("packages"), "needs package(s) " + String.join(", ", missing)
                    + ", not installed in " + venv + " (add them to image/requirements.in and relock)");
        }
        String error = result.path("error").asText();
        if (!result.has("file")) {
            return new SnippetProblem(snippet.file(), 0, error);
        }
        String failing = result.get("snippet").asText();
        String where = failing.equals(snippet.id()) ? "" : " (running '" + failing + "', which '" + snippet.id() + "' requires)";
        return new SnippetProblem(result.get("file").asText(), result.get("line").asInt(), "fails when run: " + error + where);
    }

    private static String lastLines(String text) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static String resource(String name) {
        try (InputStream in = ExecutionCheck.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
