/**
 * The papermill engine under interface tests and the local batch cluster: a run in its own folder
 * with its own kernel and an allow-listed environment ({@link dev.jupyship.run.PapermillRunner},
 * {@link dev.jupyship.run.PapermillRun}), its guard, capped logs and process tree, what the executed
 * notebook says, and the Python environment and scripts the platform runs. The foundation: it uses
 * nothing of jupyship but the domain's errors.
 */
package dev.jupyship.run;
