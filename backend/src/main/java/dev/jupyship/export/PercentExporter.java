package dev.jupyship.export;

import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;

/** PLACEHOLDER until the exporter branch lands. */
public final class PercentExporter {
    private PercentExporter() {
    }

    public static String export(Notebook notebook, ExportOptions options) {
        StringBuilder out = new StringBuilder();
        if (options.header()) {
            out.append("# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n#       format_name: percent\n#       format_version: '1.3'\n# ---\n\n");
        }
        for (Cell cell : notebook.cells()) {
            out.append(cell.isCode() ? "# %%\n" : "# %% [" + cell.type() + "]\n");
            out.append(cell.source()).append("\n\n");
        }
        return out.toString();
    }
}
