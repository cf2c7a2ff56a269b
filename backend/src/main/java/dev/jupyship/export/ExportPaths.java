package dev.jupyship.export;

import dev.jupyship.errors.BadInput;

/**
 * Where a notebook's .py export lives: beside the notebook ({@code a/b/nb.ipynb} → {@code a/b/nb.py}),
 * or mirrored under one folder ({@code reviews/a/b/nb.py}) for teams that keep exports apart.
 * Paths are repository-relative with {@code /} separators.
 *
 * @param directory the folder exports go under; empty for "beside the notebook"
 */
public record ExportPaths(String directory) {

    public static final ExportPaths BESIDE = new ExportPaths("");

    public ExportPaths {
        directory = directory == null ? "" : directory.replace('\\', '/').replaceAll("^\\./|/+$", "");
        if (directory.startsWith("/") || directory.equals("..") || directory.startsWith("../") || directory.contains("/../")) {
            throw new BadInput("the export folder must be a relative path inside the repository, not '" + directory + "'");
        }
    }

    public String exportPathFor(String notebookPath) {
        String base = notebookPath.endsWith(".ipynb") ? notebookPath.substring(0, notebookPath.length() - 6) : notebookPath;
        return directory.isEmpty() ? base + ".py" : directory + "/" + base + ".py";
    }
}
