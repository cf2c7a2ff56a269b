/**
 * Notebooks to jupytext's py:percent text, the same bytes as {@code jupytext --to py:percent}:
 * {@link dev.jupyship.export.PercentExporter} and the ports of jupytext's parts it needs (cell
 * metadata, magics, PEP 8 spacing, the YAML header through {@link dev.jupyship.export.SafeYaml}), and
 * {@link dev.jupyship.export.ExportFiles}, which writes exports without overwriting a person's file.
 * A feature: it uses {@code notebook} and the domain's errors, nothing else.
 */
package dev.jupyship.export;
