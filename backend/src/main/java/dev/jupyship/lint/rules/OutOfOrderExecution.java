package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.notebook.Cell;

/** JS101: execution counts that go down the notebook mean the saved state came from another order. */
public final class OutOfOrderExecution implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS101", "out-of-order-execution", Family.NOTEBOOK_STATE, Severity.WARNING,
            "Cells were executed out of order");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        Integer highest = null;
        Cell highestCell = null;
        for (Cell cell : context.codeCells()) {
            Integer count = cell.executionCount();
            // Jupyter counts from 1; a 0 is what tools that strip counts leave behind, not an execution.
            if (count == null || count == 0) {
                continue;
            }
            // Cells are numbered from 1 in messages, as people count them and as the text report does.
            if (highest != null && count < highest) {
                context.reportCell(cell, String.format("cell %d ran before cell %d above it (execution count %d, above %d): "
                        + "the saved results depend on an order a batch run, top to bottom, will not repeat",
                        cell.index() + 1, highestCell.index() + 1, count, highest));
            } else {
                highest = count;
                highestCell = cell;
            }
        }
    }
}
