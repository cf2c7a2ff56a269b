/**
 * What several rules ask of a notebook, in one place: the strings its code computes with
 * ({@link dev.jupyship.lint.rules.support.CodeStrings}), its shell and magic commands
 * ({@link dev.jupyship.lint.rules.support.CommandText}), its parameters cell
 * ({@link dev.jupyship.lint.rules.support.ParametersCells}), secrets by their formats
 * ({@link dev.jupyship.lint.rules.support.Credentials}), and the static contract check run once per
 * lint ({@link dev.jupyship.lint.rules.support.ContractLint}). Only rules use them.
 */
package dev.jupyship.lint.rules.support;
