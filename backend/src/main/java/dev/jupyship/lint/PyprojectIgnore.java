package dev.jupyship.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.json.TomlTrees;
import dev.jupyship.notebook.AtomicFiles;
import dev.jupyship.notebook.FileVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * "Ignore this rule in pyproject.toml": the rule added to the {@code ignore} list of the
 * {@code [tool.jupyship.lint]} table that applies to a notebook (the one {@link LintConfig#forFile}
 * reads; where none does, a new table in the pyproject.toml at the top of the lookup). The file's
 * text is edited in place, so its comments, order and layout stay as the person wrote them; the
 * result must parse as the old file plus the one rule, or nothing is written. The write is whole or
 * not at all, and refused if the file was saved meanwhile.
 */
public final class PyprojectIgnore {

    private static final Pattern RULE = Pattern.compile("[A-Z]{1,4}[0-9]{1,4}");
    private static final Pattern HEADER = Pattern.compile("(?m)^[ \\t]*\\[[ \\t]*tool[ \\t]*\\.[ \\t]*jupyship[ \\t]*\\.[ \\t]*lint[ \\t]*\\][ \\t]*(#[^\\n]*)?$");

    /** What was done: the file, whether it was created, and whether the rule was ignored there already (nothing written). */
    public record Added(Path file, boolean created, boolean alreadyIgnored) {
    }

    private PyprojectIgnore() {
    }

    /** Adds {@code rule} to the ignore list that applies to {@code notebook}, looking no higher than {@code top}. */
    public static Added add(Path notebook, Path top, String rule) throws IOException {
        if (rule == null || !RULE.matcher(rule).matches()) {
            throw new BadInput("'" + rule + "' is not a rule id (such as JS301 or F401)");
        }
        Path file = applyingFile(notebook, top);
        FileVersion before = AtomicFiles.readIfExists(file);
        String text = before.exists() ? new String(before.bytes(), StandardCharsets.UTF_8) : "";
        JsonNode parsed = parse(text, file);
        JsonNode ignored = parsed.path("tool").path("jupyship").path("lint").path("ignore");
        for (JsonNode id : ignored) {
            if (rule.equals(id.asText())) {
                return new Added(file, false, true);
            }
        }
        String edited = withIgnored(text, parsed, rule, file);
        JsonNode expected = expected(parsed, rule);
        JsonNode result;
        try {
            result = TomlTrees.read(edited);
        } catch (IOException unparsable) {
            result = null;
        }
        if (!expected.equals(result)) {
            throw new Conflict(file.getFileName() + ": " + rule + " could not be added to [tool.jupyship.lint] ignore without changing"
                    + " anything else, so nothing was written; add it by hand");
        }
        AtomicFiles.write(file, edited.getBytes(StandardCharsets.UTF_8), before);
        return new Added(file, !before.exists(), false);
    }

    /** The pyproject.toml whose jupyship table the notebook's lint reads, else the one at the top of the lookup. */
    static Path applyingFile(Path notebook, Path top) throws IOException {
        List<Path> folders = LintConfig.lookupFolders(notebook, top);
        for (Path dir : folders) {
            Path candidate = dir.resolve("pyproject.toml");
            try {
                if (Files.isRegularFile(candidate) && LintConfig.load(candidate) != null) {
                    return candidate;
                }
            } catch (BadInput e) {
                throw new BadInput(e.getMessage() + "; nothing was added to it", e);
            }
        }
        return folders.get(folders.size() - 1).resolve("pyproject.toml");
    }

    private static JsonNode parse(String text, Path file) {
        try {
            return TomlTrees.read(text);
        } catch (IOException e) {
            throw new BadInput(file + ": not valid TOML, so nothing was added to it: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The parsed file with the rule at the end of the ignore list: what the edited text must read as. */
    private static JsonNode expected(JsonNode parsed, String rule) {
        ObjectNode root = parsed.deepCopy();
        ObjectNode lint = child(child(child(root, "tool"), "jupyship"), "lint");
        JsonNode ignore = lint.get("ignore");
        (ignore instanceof ArrayNode list ? list : lint.putArray("ignore")).add(rule);
        return root;
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }

    /** The text with the rule added where a person would add it. */
    static String withIgnored(String text, JsonNode parsed, String rule, Path file) {
        String quoted = "\"" + rule + "\"";
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        var header = HEADER.matcher(text);
        if (!header.find()) {
            if (!parsed.path("tool").path("jupyship").path("lint").isMissingNode()) {
                throw new Conflict(file.getFileName() + ": its [tool.jupyship.lint] table is written as dotted keys or an inline table,"
                        + " which this edit does not change; add " + quoted + " to its ignore list by hand");
            }
            String start = text.isEmpty() ? "" : text.endsWith("\n") ? text + newline : text + newline + newline;
            return start + "[tool.jupyship.lint]" + newline + "ignore = [" + quoted + "]" + newline;
        }
        int lineEnd = text.indexOf('\n', header.end());
        int tableStart = lineEnd < 0 ? text.length() : lineEnd + 1;
        TomlText toml = new TomlText(text);
        int key = toml.keyInTable(tableStart, "ignore");
        if (key < 0) {
            String before = lineEnd < 0 ? text + newline : text.substring(0, tableStart);
            return before + "ignore = [" + quoted + "]" + newline + text.substring(tableStart);
        }
        int open = toml.valueStart(key);
        if (open < 0 || text.charAt(open) != '[') {
            throw new Conflict(file.getFileName() + ": [tool.jupyship.lint] ignore is not a list; make it one, such as ignore = [" + quoted + "]");
        }
        int close = toml.closingBracket(open);
        int last = toml.lastSignificantBefore(open, close);
        if (last == open) {
            return text.substring(0, last + 1) + quoted + text.substring(last + 1);
        }
        int itemEnd = text.indexOf('\n', last);
        if (itemEnd < 0 || itemEnd > close) {
            // The last item shares its line with the closing bracket: the rule goes on that line too.
            return text.substring(0, last + 1) + (text.charAt(last) == ',' ? " " : ", ") + quoted + text.substring(last + 1);
        }
        if (itemEnd > 0 && text.charAt(itemEnd - 1) == '\r') {
            itemEnd--;
        }
        // A line of its own, after the last item's line and any comment on it (which stays with its item).
        String line = newline + indentOfLine(text, last) + quoted;
        return text.charAt(last) == ','
                ? text.substring(0, itemEnd) + line + "," + text.substring(itemEnd)
                : text.substring(0, last + 1) + "," + text.substring(last + 1, itemEnd) + line + text.substring(itemEnd);
    }

    private static String indentOfLine(String text, int at) {
        int start = text.lastIndexOf('\n', at) + 1;
        int end = start;
        while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
            end++;
        }
        return text.substring(start, end);
    }
}
