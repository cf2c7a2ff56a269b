/**
 * The platform's lint rules, one class a rule, each with its doc ({@code lint-rules/<ID>.md}) and
 * fixture ({@code lint-rules/fixtures/<ID>.py}); {@link dev.jupyship.lint.rules.ContractCheckRule} is
 * the base of the JS6 contract rules; {@link dev.jupyship.lint.rules.RuleRegistry} lists them all and
 * builds the linter everyone uses. What several rules ask of a notebook is in {@code support/}.
 * Rules see a notebook through {@link dev.jupyship.lint.LintContext} and its parsed Python
 * ({@code python}); they only report.
 */
package dev.jupyship.lint.rules;
