package dev.jupyship.export;

/** PLACEHOLDER until the exporter branch lands. */
public record ExportOptions(boolean header) {
    public static final ExportOptions DEFAULT = new ExportOptions(true);
}
