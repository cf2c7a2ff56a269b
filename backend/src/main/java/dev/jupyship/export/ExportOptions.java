package dev.jupyship.export;

/**
 * Options of {@link PercentExporter}.
 *
 * @param header write the commented YAML header with the kernelspec and jupytext metadata; without
 *               it the file holds the cells only, as jupytext writes with a {@code -all} notebook
 *               metadata filter (a leading raw {@code ---} front-matter cell is still written
 *               there, since it is notebook content rather than metadata)
 */
public record ExportOptions(boolean header) {

    public static final ExportOptions DEFAULT = new ExportOptions(true);
}
