/**
 * The snippet catalog: snippets read from Markdown files with YAML front matter
 * ({@link dev.jupyship.snippets.SnippetParser}), served from the platform's and team folders with
 * reloads ({@link dev.jupyship.snippets.SnippetCatalog}), searched
 * ({@link dev.jupyship.snippets.SnippetSearch}) and shown ({@link dev.jupyship.snippets.SnippetViews});
 * and the quality gate over them ({@link dev.jupyship.snippets.SnippetGate}: syntax, lint, execution).
 * A feature: it uses {@code lint} for the gate, and the foundation.
 */
package dev.jupyship.snippets;
