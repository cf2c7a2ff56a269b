/**
 * Review of notebook changes: a notebook at any git revision, the index or the working tree
 * ({@link dev.jupyship.review.NotebookHistory}, jgit), and the diff of two versions as their .py
 * exports plus a summary of what the export does not show ({@link dev.jupyship.review.ReviewDiff},
 * {@link dev.jupyship.review.ChangeSummary}, cells paired by {@link dev.jupyship.review.CellAlignment}).
 * A feature: it uses {@code export} and the foundation.
 */
package dev.jupyship.review;
