package dev.jupyship.export;

import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.PythonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Port of jupytext's {@code DoublePercentCellExporter} (with the {@code BaseCellExporter} set-up
 * it relies on): the lines of one cell in the percent format, without the blank lines that
 * separate it from the next cell. Code cells in the notebook's language are written as code with
 * magics commented; everything else (markdown, raw, code in another language or marked inactive)
 * is commented out line by line under a marker that records how to restore it.
 */
final class PercentCellWriter {

    private PercentCellWriter() {
    }

    /** {@code cell_source}: the source as lines; a final newline gives a final empty line. */
    static List<String> sourceLines(String source) {
        if (source.isEmpty()) {
            List<String> lines = new ArrayList<>(1);
            lines.add("");
            return lines;
        }
        List<String> lines = PythonText.splitLines(source);
        if (source.endsWith("\n")) {
            lines.add("");
        }
        return lines;
    }

    /** The cell's {@code lines_to_next_cell} metadata, or null when jupytext must decide (PEP 8). */
    static Integer linesToNextCell(Cell cell) {
        Object value = cell.metadata().get("lines_to_next_cell");
        if (value instanceof dev.jupyship.notebook.JsonNumber n) {
            return (int) n.longValue();
        }
        return null;
    }

    static List<String> write(Cell cell, String defaultLanguage, FormatOptions options) {
        String type = cell.type();
        List<String> source = sourceLines(cell.source());
        Map<String, Object> unfiltered = cell.metadata();
        Map<String, Object> metadata = options.cellFilter().apply(unfiltered);

        // A language cell magic (%%R, %%bash) becomes marker metadata; the cell body loses it.
        CellLanguage.Magic magic = CellLanguage.detect(source, defaultLanguage, options.customMagics());
        String language = magic == null ? null : magic.language();
        if (magic != null && !magic.args().isEmpty()) {
            metadata.put("magic_args", magic.args());
        }
        if (language != null && !language.isEmpty()) {
            metadata.put("language", language);
        } else {
            Object fromMetadata = unfiltered.get("language");
            language = fromMetadata instanceof String s ? s : defaultLanguage;
        }

        // Raw cells are inactive in scripts unless their metadata says otherwise.
        if (type.equals("raw") && !metadata.containsKey("active") && !CellMetadataText.hasActiveTag(metadata)) {
            metadata.put("active", "");
        }

        if (defaultLanguage.equals("go") && language.equals("go")) {
            source.replaceAll(MagicCommenter::escapeGoDoublePercent);
        }

        boolean active = CellMetadataText.isActive(metadata, CellLanguage.sameLanguage(language, defaultLanguage));
        if (type.equals("raw") && "".equals(metadata.get("active"))) {
            metadata.remove("active");
        }
        boolean isCode = type.equals("code")
                || (type.equals("raw") && metadata.containsKey("active"))
                || CellMetadataText.hasActiveTag(metadata);
        if (!isCode) {
            metadata.put("cell_type", type);
        }

        String marker = CellMetadataText.doublePercentOptions(metadata, options.cellMetadataJson());
        String indent = "";
        if (isCode && active && !source.isEmpty()) {
            String first = source.get(0);
            if (!PythonStrings.isBlank(first)) {
                indent = first.substring(0, PythonStrings.leadingSpace(first));
            }
        }
        String markerLine = indent + (marker.isEmpty() || marker.startsWith("%") ? "# %%" + marker : "# %% " + marker);

        List<String> lines = new ArrayList<>(source.size() + 1);
        lines.add(markerLine);
        if (isCode && active) {
            MagicCommenter.commentMagics(source, language, options.commentMagics());
            if (source.size() == 1 && source.get(0).isEmpty()) {
                return lines;
            }
            lines.addAll(source);
            return lines;
        }
        lines.addAll(commentedText(source, unfiltered, options));
        return lines;
    }

    /**
     * {@code markdown_to_text}: text cells (and inactive code) as {@code # } comments, or as a
     * triple-quoted string when {@code cell_markers} asks for it.
     */
    private static List<String> commentedText(List<String> source, Map<String, Object> unfiltered, FormatOptions options) {
        Object markerSetting = unfiltered.containsKey("cell_marker") ? unfiltered.get("cell_marker") : options.cellMarkers();
        if (markerSetting instanceof String markers && !markers.isEmpty() && !source.isEmpty()) {
            String left;
            String right;
            int comma = markers.indexOf(',');
            if (comma >= 0) {
                left = markers.substring(0, comma);
                right = markers.substring(comma + 1);
            } else {
                left = markers + "\n";
                if (markers.startsWith("r") || markers.startsWith("R")) {
                    markers = markers.substring(1);
                }
                right = "\n" + markers;
            }
            String rightEnd = right.length() >= 3 ? right.substring(right.length() - 3) : right;
            boolean rawPrefix = left.startsWith("r") || left.startsWith("R");
            boolean sameQuotes = prefix(left, 0, 3).equals(rightEnd) || (rawPrefix && prefix(left, 1, 4).equals(rightEnd));
            if (sameQuotes && (rightEnd.equals("\"\"\"") || rightEnd.equals("'''"))) {
                // Markdown with a backslash is written as a raw string in the percent format
                if (!rawPrefix && String.join("\n", source).indexOf('\\') >= 0) {
                    left = "r" + left;
                }
                List<String> quoted = new ArrayList<>(source);
                quoted.set(0, left + quoted.get(0));
                quoted.set(quoted.size() - 1, quoted.get(quoted.size() - 1) + right);
                return quoted;
            }
        }
        List<String> commented = new ArrayList<>(source.size());
        for (String line : source) {
            commented.add(line.isEmpty() ? "#" : "# " + line);
        }
        return commented;
    }

    /** Python's {@code s[from:to]}, clamped. */
    private static String prefix(String s, int from, int to) {
        int start = Math.min(from, s.length());
        int end = Math.min(to, s.length());
        return s.substring(start, end);
    }
}
