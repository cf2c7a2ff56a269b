package dev.jupyship.export;

import dev.jupyship.notebook.Cell;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a notebook as a jupytext {@code py:percent} script, the text review tools and diffs can
 * read: the same text, cell for cell, as {@code jupytext --to py:percent} (1.19.6), so that a file
 * exported here and one produced by a team's jupytext pre-commit hook never disagree. Port of
 * {@code TextNotebookConverter.writes}; each concern lives in its own class (magics, PEP 8
 * spacing, marker metadata, YAML header).
 *
 * <p>Outputs are never written. The notebook is not modified.
 */
public final class PercentExporter {

    private PercentExporter() {
    }

    /** The whole .py text (ending with a newline unless the last cell asks for none). */
    public static String export(dev.jupyship.notebook.Notebook notebook, ExportOptions options) {
        Map<String, Object> metadata = JupytextMetadata.prepare(notebook.metadata(), options.header());
        String defaultLanguage = CellLanguage.defaultLanguage(metadata);
        dropRedundantMainLanguage(metadata);
        FormatOptions format = FormatOptions.from(metadata);

        List<Cell> cells = notebook.cells();
        List<String> header = YamlHeader.encodingAndExecutable(cells, metadata);
        YamlHeader.Header yaml = YamlHeader.build(cells, metadata, format);
        header.addAll(yaml.lines());
        cells = cells.subList(yaml.cellsConsumed(), cells.size());

        // Cells are assembled from the last one up, as jupytext does: the blank lines after a cell
        // depend on the text of everything below it. `below` holds that text in reverse.
        List<String> below = new ArrayList<>();
        List<String> following = reversedView(below);
        for (int i = cells.size() - 1; i >= 0; i--) {
            Cell cell = cells.get(i);
            List<String> text = PercentCellWriter.write(cell, defaultLanguage, format);
            Integer blank = PercentCellWriter.linesToNextCell(cell);
            int blankLines = blank != null ? blank : Pep8Spacing.linesBetween(text, following);
            for (int b = 0; b < blankLines; b++) {
                below.add("");
            }
            for (int j = text.size() - 1; j >= 0; j--) {
                below.add(text.get(j));
            }
        }
        Integer headerBlank = yaml.linesToNextCell();
        int headerBlankLines = headerBlank != null ? headerBlank : Pep8Spacing.linesBetween(yaml.lines(), following);
        for (int b = 0; b < headerBlankLines; b++) {
            header.add("");
        }

        StringBuilder out = new StringBuilder(estimateLength(header, below));
        boolean first = true;
        for (String line : header) {
            if (!first) {
                out.append('\n');
            }
            out.append(line);
            first = false;
        }
        for (int j = below.size() - 1; j >= 0; j--) {
            if (!first) {
                out.append('\n');
            }
            out.append(below.get(j));
            first = false;
        }
        return out.toString();
    }

    /**
     * {@code default_language_from_metadata_and_ext(..., pop_main_language=True)}: a
     * {@code main_language} equal to the kernel's language says nothing and is not written.
     */
    @SuppressWarnings("unchecked")
    private static void dropRedundantMainLanguage(Map<String, Object> metadata) {
        if (!(metadata.get("jupytext") instanceof Map<?, ?> m)) {
            return;
        }
        Object main = m.get("main_language");
        Object kernel = metadata.get("kernelspec") instanceof Map<?, ?> spec ? spec.get("language") : null;
        Object language = kernel instanceof String s && !s.isEmpty() ? s : "python";
        if (main != null && main.equals(language)) {
            ((Map<String, Object>) m).remove("main_language");
        }
    }

    private static List<String> reversedView(List<String> list) {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                return list.get(list.size() - 1 - index);
            }

            @Override
            public int size() {
                return list.size();
            }
        };
    }

    private static int estimateLength(List<String> header, List<String> below) {
        long length = 0;
        for (String line : header) {
            length += line.length() + 1;
        }
        for (String line : below) {
            length += line.length() + 1;
        }
        return (int) Math.min(Integer.MAX_VALUE - 16, length);
    }
}
