package dev.jupyship.export;

import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.PythonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Port of jupytext's {@code header.py} for scripts: the commented YAML block that opens the file
 * ({@code # ---}, {@code # jupyter:} with the filtered notebook metadata, {@code # ---}), and the
 * encoding/shebang lines before it. A notebook whose first cell is a raw {@code ---} YAML block
 * (R Markdown style front matter) gets that block merged into the header instead of a raw cell.
 *
 * <p>The header records {@code jupytext.text_representation} as jupytext does, except
 * {@code jupytext_version}: the file does not come from jupytext, and leaving the version out keeps
 * exports identical across jupytext upgrades (jupytext reads such files without complaint).
 */
final class YamlHeader {

    /** {@code _DEFAULT_NOTEBOOK_METADATA}: what a notebook's header keeps by default. */
    static final MetadataFilter.Filter DEFAULT_NOTEBOOK_FILTER =
            MetadataFilter.parse("jupytext,kernelspec,kernel_info,orphan,tocdepth");

    private static final Pattern HEADER_DELIMITER = Pattern.compile("^---[" + PythonStrings.SPACE_CLASS + "]*$");
    private static final String UTF8_HEADER = "# -*- coding: utf-8 -*-";

    /**
     * @param lines           the commented header lines (empty when there is no header)
     * @param linesToNextCell the merged raw cell's {@code lines_to_next_cell}, or null
     * @param cellsConsumed   1 when the first cell became part of the header, else 0
     */
    record Header(List<String> lines, Integer linesToNextCell, int cellsConsumed) {
    }

    private YamlHeader() {
    }

    /**
     * {@code encoding_and_executable}: a shebang or encoding line kept in the jupytext metadata;
     * non-Python notebooks with non-ASCII sources get a coding line. Consumes those keys.
     */
    @SuppressWarnings("unchecked")
    static List<String> encodingAndExecutable(List<Cell> cells, Map<String, Object> metadata) {
        List<String> lines = new ArrayList<>(2);
        Map<String, Object> jupytext = metadata.get("jupytext") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        if (jupytext.containsKey("executable")) {
            lines.add("#!" + jupytext.remove("executable"));
        }
        if (jupytext.containsKey("encoding")) {
            lines.add(String.valueOf(jupytext.remove("encoding")));
        } else if (!CellLanguage.defaultLanguage(metadata).equals("python")) {
            for (Cell cell : cells) {
                if (!PythonStrings.isAscii(cell.source())) {
                    lines.add(UTF8_HEADER);
                    break;
                }
            }
        }
        return lines;
    }

    /** {@code metadata_and_cell_to_header}; {@code metadata} is the prepared copy, consumed. */
    @SuppressWarnings("unchecked")
    static Header build(List<Cell> cells, Map<String, Object> metadata, FormatOptions options) {
        List<String> header = new ArrayList<>();
        Integer linesToNextCell = null;
        int consumed = 0;
        Map<String, Object> root = new LinkedHashMap<>();
        if (!options.rootLevelMetadataAsRawCell()) {
            if (metadata.get("jupytext") instanceof Map<?, ?> jupytext
                    && ((Map<String, Object>) jupytext).remove("root_level_metadata") instanceof Map<?, ?> rootLevel) {
                root.putAll((Map<String, Object>) rootLevel);
            }
        } else if (!cells.isEmpty() && cells.get(0).type().equals("raw")) {
            Cell first = cells.get(0);
            List<String> lines = PythonText.splitLines(PythonStrings.strip(first.source(), "\n\t "));
            if (lines.size() >= 2 && HEADER_DELIMITER.matcher(lines.get(0)).matches()
                    && HEADER_DELIMITER.matcher(lines.get(lines.size() - 1)).matches()) {
                header.addAll(lines.subList(1, lines.size() - 1));
                linesToNextCell = PercentCellWriter.linesToNextCell(first);
                consumed = 1;
            }
        }

        Map<String, Object> kept = filteredMetadata(metadata, options);
        if (!kept.isEmpty()) {
            root.put("jupyter", kept);
        }
        if (!root.isEmpty()) {
            header.addAll(PythonText.splitLines(SafeYaml.dump(root)));
        }
        if (header.isEmpty()) {
            return new Header(List.of(), linesToNextCell, consumed);
        }
        List<String> commented = new ArrayList<>(header.size() + 2);
        commented.add("# ---");
        for (String line : header) {
            commented.add(line.isEmpty() ? "#" : "# " + line);
        }
        commented.add("# ---");
        return new Header(commented, linesToNextCell, consumed);
    }

    /** {@code insert_jupytext_info_and_filter_metadata}, without the jupytext version. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> filteredMetadata(Map<String, Object> metadata, FormatOptions options) {
        Map<String, Object> jupytext = metadata.get("jupytext") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : new LinkedHashMap<>();
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("extension", ".py");
        representation.put("format_name", "percent");
        representation.put("format_version", "1.3");
        jupytext.put("text_representation", representation);
        metadata.put("jupytext", jupytext);
        return MetadataFilter.filter(metadata, options.notebookMetadataFilter(), DEFAULT_NOTEBOOK_FILTER);
    }
}
