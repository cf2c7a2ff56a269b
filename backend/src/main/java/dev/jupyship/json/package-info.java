/**
 * The one JSON mapper for everything that is not a notebook ({@code notebook.NotebookJson} keeps a
 * notebook's own layout) or a run manifest ({@code deploy.RunHistory}): API bodies, the output of
 * ruff and papermill, metrics files, the CLI's JSON. Neutral: any package may use it.
 */
package dev.jupyship.json;
