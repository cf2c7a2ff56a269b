/**
 * The lint engine: a {@link dev.jupyship.lint.Rule} is one class with its metadata in code
 * ({@link dev.jupyship.lint.RuleInfo}), listed once in {@link dev.jupyship.lint.rules.RuleRegistry}; the
 * {@link dev.jupyship.lint.Linter} runs the rules a {@link dev.jupyship.lint.LintConfig} picks over a
 * notebook, honours suppressions, and answers a {@link dev.jupyship.lint.LintResult}; the sidecar's
 * {@link dev.jupyship.lint.LintService} caches configurations. The rules are in {@code rules/} (their
 * shared helpers in {@code rules/support/}), the output formats in {@code report/}, ruff in
 * {@code standard/}. A feature: it uses {@code contract} (the JS6 rules), {@code python},
 * {@code notebook} and {@code json}.
 */
package dev.jupyship.lint;
