package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.notebook.Cell;

/** JS201: without a cell tagged {@code parameters}, papermill puts the batch's parameters at the very top, before imports and defaults. */
public final class MissingParametersCell implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS201", "missing-parameters-cell", Family.BATCH_READINESS, Severity.WARNING,
            "No cell is tagged 'parameters'");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        if (context.codeCells().isEmpty()) {
            return;
        }
        for (Cell cell : context.codeCells()) {
            if (cell.tags().contains("parameters")) {
                return;
            }
        }
        context.reportNotebook("no cell is tagged 'parameters': papermill will inject the batch's parameters at the top, "
                + "where later cells overwrite them; tag the cell that sets your defaults");
    }
}
