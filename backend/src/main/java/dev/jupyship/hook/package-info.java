/**
 * The git pre-commit hook: installing it ({@link dev.jupyship.hook.HookInstaller}), and its work on
 * the notebooks staged for a commit, read from git's index ({@link dev.jupyship.hook.StagedNotebooks}):
 * their exports written and staged ({@link dev.jupyship.hook.StagedExports}) and their lint
 * ({@link dev.jupyship.hook.StagedLint}). A feature: it uses {@code export}, {@code lint},
 * {@code review} (git reads) and the foundation.
 */
package dev.jupyship.hook;
