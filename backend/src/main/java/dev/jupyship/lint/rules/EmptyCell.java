package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.notebook.Cell;

/** JS104: cells with nothing in them clutter the notebook and its review export. */
public final class EmptyCell implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS104", "empty-cell", Family.NOTEBOOK_STATE, Severity.INFO,
            "Empty cell");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        for (Cell cell : context.notebook().cells()) {
            if (cell.source().isBlank() && !cell.tags().contains("parameters")) {
                context.reportCell(cell, "empty " + cell.type() + " cell");
            }
        }
    }
}
