/**
 * Standard linters ({@link dev.jupyship.lint.StandardLinter}) run beside the platform's rules: ruff, on the notebook itself, with the project's
 * own ruff configuration. A linter that is not installed becomes a note on the result, not a failure.
 */
package dev.jupyship.lint.standard;
