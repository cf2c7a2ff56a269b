/**
 * The formats a lint result is written in: JSON for the extension and scripts, SARIF 2.1.0 for code
 * review and CI, and text like ruff's for terminals. They read {@code lint} results and
 * {@code notebook} positions.
 */
package dev.jupyship.lint.report;
