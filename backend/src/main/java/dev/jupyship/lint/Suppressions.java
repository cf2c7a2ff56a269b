package dev.jupyship.lint;

import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Json;
import dev.jupyship.notebook.Notebook;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where people silence a finding, as ruff users expect: {@code # noqa} or {@code # noqa: JS301, F401}
 * at the end of the line; for a whole cell, the tag {@code noqa} or {@code noqa:JS105}, or the cell
 * metadata {@code "jupyship": {"ignore": ["JS105"]}}; for the whole notebook, the same in the
 * notebook's metadata (for every notebook, pyproject.toml's {@code ignore}: {@link LintConfig}).
 */
final class Suppressions {

    private static final Pattern NOQA = Pattern.compile("#\\s*noqa(?::\\s*([A-Z]+[0-9]+(?:\\s*,\\s*[A-Z]+[0-9]+)*))?", Pattern.CASE_INSENSITIVE);

    private Suppressions() {
    }

    static boolean suppressed(Finding finding, Notebook notebook) {
        if (Json.path(notebook.metadata(), "jupyship", "ignore") instanceof List<?> ignored && ignored.contains(finding.rule())) {
            return true;
        }
        if (finding.isNotebookLevel()) {
            return false;
        }
        Cell cell = notebook.cells().get(finding.cell());
        for (String tag : cell.tags()) {
            String lower = tag.toLowerCase(Locale.ROOT);
            if (lower.equals("noqa") || lower.equals("noqa:" + finding.rule().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        if (Json.path(cell.metadata(), "jupyship", "ignore") instanceof List<?> ignored && ignored.contains(finding.rule())) {
            return true;
        }
        String line = SourceLines.of(cell.source()).line(finding.line());
        Matcher noqa = NOQA.matcher(line);
        while (noqa.find()) {
            if (noqa.group(1) == null) {
                return true;
            }
            for (String id : noqa.group(1).split("\\s*,\\s*")) {
                if (id.equalsIgnoreCase(finding.rule())) {
                    return true;
                }
            }
        }
        return false;
    }
}
