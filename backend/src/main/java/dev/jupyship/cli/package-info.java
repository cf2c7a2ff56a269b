/**
 * The command line (picocli): {@code serve} starts the sidecar, and the other commands give terminals,
 * git hooks and CI the same capabilities (lint, export, diff, test, hook, snippets, deploy and runs).
 * An edge: it may use the features and the foundation; it maps the domain's errors to exit codes
 * and one-line messages ({@link dev.jupyship.cli.CliErrors}), never to HTTP.
 */
package dev.jupyship.cli;
