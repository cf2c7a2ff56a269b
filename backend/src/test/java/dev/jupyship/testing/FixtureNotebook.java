package dev.jupyship.testing;

import dev.jupyship.notebook.JsonNumber;
import dev.jupyship.notebook.JsonStyle;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.NotebookJson;
import dev.jupyship.notebook.PythonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule fixtures written as py:percent text, so they read like the notebooks they stand for:
 * <pre>
 * # expect-notebook: JS201                         (a finding on the notebook as a whole)
 * # notebook-metadata: {"jupyship": {"contract": {...}}}   (merged into the notebook's metadata)
 * # %% [markdown]
 * # text
 * # %% execution_count=2 outputs=[...] tags=["parameters"] expect="JS103"   (a finding on the cell)
 * x = "/home/me/data.csv"  # expect: JS301@5          (a finding on this line, at column 5)
 * </pre>
 * On the marker line, {@code execution_count}, {@code outputs} and {@code id} become cell fields,
 * {@code expect} (a rule id or a list) is an expectation on the cell's first line and column, everything else
 * is cell metadata. A line's expectations are {@code ID@column}, one per finding (a rule that finds two
 * things on the line is listed twice). {@code "$REPEAT(n)"} stands for a string of n characters. Lines before the first
 * marker are the fixture's own comments, except {@code expect-notebook} and {@code notebook-metadata}
 * (one JSON object on one line; several such lines merge, later keys win).
 */
public final class FixtureNotebook {

    /** An expected finding: cell (-1: the notebook), 1-based line and column, rule id; written {@code ID@cell:line:column}. */
    public record Expectation(int cell, int line, int column, String rule) {

        /** On the cell (or the notebook) as a whole: its first line and column. */
        static Expectation whole(int cell, String rule) {
            return new Expectation(cell, 1, 1, rule);
        }

        @Override
        public String toString() {
            return rule + "@" + cell + ":" + line + ":" + column;
        }
    }

    private static final Pattern LINE_EXPECT = Pattern.compile(
            "#\\s*expect:\\s*([A-Z]+[0-9]+@[0-9]+(?:\\s*,\\s*[A-Z]+[0-9]+@[0-9]+)*)\\s*$");
    private static final Pattern BAD_LINE_EXPECT = Pattern.compile("#\\s*expect:");
    private static final Pattern NOTEBOOK_EXPECT = Pattern.compile("^#\\s*expect-notebook:\\s*([A-Z]+[0-9]+(?:\\s*,\\s*[A-Z]+[0-9]+)*)\\s*$");
    private static final Pattern NOTEBOOK_METADATA = Pattern.compile("^#\\s*notebook-metadata:\\s*(\\{.*\\})\\s*$");
    private static final Pattern REPEAT = Pattern.compile("\"\\$REPEAT\\((\\d+)\\)\"");

    private final Notebook notebook;
    private final List<Expectation> expectations;

    private FixtureNotebook(Notebook notebook, List<Expectation> expectations) {
        this.notebook = notebook;
        this.expectations = expectations;
    }

    public Notebook notebook() {
        return notebook;
    }

    public List<Expectation> expectations() {
        return expectations;
    }

    public static FixtureNotebook read(Path file) throws IOException {
        List<String> lines = PythonText.splitLines(Files.readString(file, StandardCharsets.UTF_8));
        List<Object> cells = new ArrayList<>();
        List<Expectation> expectations = new ArrayList<>();
        Map<String, Object> cell = null;
        List<String> body = new ArrayList<>();
        // Ordered maps: the notebook's bytes (and a fixed notebook's) must not depend on Map.of's per-run order.
        Map<String, Object> kernelspec = new LinkedHashMap<>();
        kernelspec.put("display_name", "Python 3");
        kernelspec.put("language", "python");
        kernelspec.put("name", "python3");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("kernelspec", kernelspec);
        for (String line : lines) {
            Matcher notebookExpect = NOTEBOOK_EXPECT.matcher(line);
            Matcher notebookMetadata = NOTEBOOK_METADATA.matcher(line);
            if (cell == null && notebookMetadata.find()) {
                Object value = parseValue(notebookMetadata.group(1), file);
                ((Map<?, ?>) value).forEach((k, v) -> metadata.put((String) k, v));
            } else if (cell == null && notebookExpect.find()) {
                for (String rule : notebookExpect.group(1).split("\\s*,\\s*")) {
                    expectations.add(Expectation.whole(-1, rule));
                }
            } else if (line.startsWith("# %%")) {
                if (cell != null) {
                    finish(cell, body, cells.size(), expectations);
                    cells.add(cell);
                }
                cell = marker(line.substring(4), cells.size(), expectations, file);
                body = new ArrayList<>();
            } else if (cell != null) {
                body.add(line);
            }
        }
        if (cell != null) {
            finish(cell, body, cells.size(), expectations);
            cells.add(cell);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cells", cells);
        root.put("metadata", metadata);
        root.put("nbformat", JsonNumber.of(4));
        root.put("nbformat_minor", JsonNumber.of(5));
        byte[] bytes = NotebookJson.write(root, JsonStyle.NBFORMAT);
        return new FixtureNotebook(Notebook.parse(bytes, file.getFileName().toString()), expectations);
    }

    private static Map<String, Object> marker(String rest, int index, List<Expectation> expectations, Path file) {
        String text = rest.trim();
        String type = "code";
        if (text.startsWith("[markdown]") || text.startsWith("[raw]")) {
            type = text.substring(1, text.indexOf(']'));
            text = text.substring(text.indexOf(']') + 1).trim();
        }
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("cell_type", type);
        cell.put("id", "cell-" + index);
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (type.equals("code")) {
            cell.put("execution_count", null);
            cell.put("outputs", new ArrayList<>());
        }
        int i = 0;
        while (i < text.length()) {
            int equals = text.indexOf('=', i);
            if (equals < 0) {
                throw new IllegalArgumentException(file + ": bad marker line: " + rest);
            }
            String key = text.substring(i, equals).trim();
            int end = valueEnd(text, equals + 1);
            Object value = parseValue(text.substring(equals + 1, end), file);
            switch (key) {
                case "execution_count", "outputs", "id" -> cell.put(key, value);
                case "expect" -> {
                    List<?> rules = value instanceof List<?> list ? list : List.of(value);
                    rules.forEach(rule -> expectations.add(Expectation.whole(index, (String) rule)));
                }
                default -> metadata.put(key, value);
            }
            i = end;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
        }
        cell.put("metadata", metadata);
        return cell;
    }

    private static Object parseValue(String json, Path file) {
        Matcher repeat = REPEAT.matcher(json);
        StringBuilder expanded = new StringBuilder();
        while (repeat.find()) {
            repeat.appendReplacement(expanded, "\"" + "A".repeat(Integer.parseInt(repeat.group(1))) + "\"");
        }
        repeat.appendTail(expanded);
        return NotebookJson.parse(expanded.toString().getBytes(StandardCharsets.UTF_8), file.toString());
    }

    /** Where a JSON value starting at {@code start} ends: brackets and strings balanced, else the next space. */
    private static int valueEnd(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == ' ' && depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    private static void finish(Map<String, Object> cell, List<String> body, int index, List<Expectation> expectations) {
        // One blank line separates cells, as in py:percent.
        while (!body.isEmpty() && body.get(body.size() - 1).isEmpty()) {
            body.remove(body.size() - 1);
        }
        List<String> source = new ArrayList<>();
        for (int line = 0; line < body.size(); line++) {
            String text = body.get(line);
            Matcher expect = LINE_EXPECT.matcher(text);
            if (expect.find()) {
                for (String item : expect.group(1).split("\\s*,\\s*")) {
                    String[] ruleAndColumn = item.split("@");
                    expectations.add(new Expectation(index, line + 1, Integer.parseInt(ruleAndColumn[1]), ruleAndColumn[0]));
                }
            } else if (BAD_LINE_EXPECT.matcher(text).find()) {
                throw new IllegalArgumentException("line " + (line + 1) + " of cell " + index + ": an expectation is ID@column: " + text);
            }
            if (!"code".equals(cell.get("cell_type"))) {
                text = text.startsWith("# ") ? text.substring(2) : text.equals("#") ? "" : text;
            }
            source.add(line + 1 < body.size() ? text + "\n" : text);
        }
        cell.put("source", source);
    }
}
