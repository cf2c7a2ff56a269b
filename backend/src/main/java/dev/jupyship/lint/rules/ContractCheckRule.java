package dev.jupyship.lint.rules;

import dev.jupyship.contract.ContractFinding;
import dev.jupyship.contract.ContractRule;
import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.SourceLines;
import dev.jupyship.lint.rules.support.ContractLint;
import dev.jupyship.notebook.Cell;

/**
 * A rule of the interface contract family (JS6): one of the static contract check's findings
 * ({@link ContractRule}), reported through the lint engine. The check runs once per lint
 * ({@link ContractLint}); each rule reports the findings with its id. Notebooks without a
 * contract ({@code metadata.jupyship.contract}) have none.
 */
abstract class ContractCheckRule implements Rule {

    private final RuleInfo info;

    ContractCheckRule(ContractRule rule, Severity severity) {
        this.info = RuleInfo.of(rule.id(), rule.ruleName(), Family.CONTRACT, severity, rule.summary());
    }

    @Override
    public final RuleInfo info() {
        return info;
    }

    @Override
    public final void check(LintContext context) {
        for (ContractFinding finding : ContractLint.findings(context)) {
            if (!finding.id().equals(info.id())) {
                continue;
            }
            if (finding.cell() == null) {
                context.reportNotebook(finding.message());
                continue;
            }
            Cell cell = context.notebook().cells().get(finding.cell());
            if (finding.line() <= 0) {
                context.reportCell(cell, finding.message());
                continue;
            }
            SourceLines lines = SourceLines.of(cell.source());
            String text = finding.line() <= lines.count() ? lines.line(finding.line()) : "";
            // The check counts characters (Python's columns); the lint engine counts UTF-16 units, as the editor does.
            int points = Math.max(0, Math.min(finding.column() - 1, text.codePointCount(0, text.length())));
            int column = text.offsetByCodePoints(0, points) + 1;
            context.report(cell, finding.line(), column, finding.line(), Math.max(column + 1, text.length() + 1), finding.message());
        }
    }
}
