/**
 * The domain's own errors, with no transport in them: {@link dev.jupyship.errors.BadInput},
 * {@link dev.jupyship.errors.NotFound}, {@link dev.jupyship.errors.Conflict},
 * {@link dev.jupyship.errors.Refused} and {@link dev.jupyship.errors.Unavailable}, each with a
 * message a person can act on. The core throws them; only the edges translate them: {@code api/}
 * and {@code server/} to HTTP statuses ({@code api.ErrorMapper}), {@code cli/} to exit codes and
 * one-line messages ({@code cli.CliErrors}). {@link dev.jupyship.errors.Problem} names what is known
 * of any failure (these, and the file system's) for both edges; anything it does not know is a bug,
 * answered as an internal error with its stack trace logged.
 */
package dev.jupyship.errors;
