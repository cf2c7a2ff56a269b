/**
 * The notebook model at the bottom of everything: an nbformat 4 {@link dev.jupyship.notebook.Notebook}
 * read and written as Jupyter writes it (unknown fields and the JSON layout kept, numbers as written),
 * its {@link dev.jupyship.notebook.Cell}s and saved {@link dev.jupyship.notebook.Outputs}, positions
 * in the .ipynb file ({@link dev.jupyship.notebook.SourceLocations}), and
 * {@link dev.jupyship.notebook.AtomicFiles}, the one way jupyship writes a file. It uses nothing of
 * jupyship but the domain's errors.
 */
package dev.jupyship.notebook;
