/**
 * The folder the sidecar serves and the one rule for path names: every path a request names is
 * resolved inside the {@link dev.jupyship.workspace.Workspace} or refused, and
 * {@link dev.jupyship.workspace.PathNames} decides which names are allowed, in the API, the CLI and
 * git trees. The foundation: it uses nothing of jupyship but the domain's errors.
 */
package dev.jupyship.workspace;
