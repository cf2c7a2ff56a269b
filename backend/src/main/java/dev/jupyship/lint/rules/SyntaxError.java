package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Stmt;

/**
 * JS207: a code cell that is not valid Python (IPython magics and shell escapes allowed). The batch
 * stops at it; the other rules still check the rest of the cell, which the parser recovers.
 */
public final class SyntaxError implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS207", "syntax-error", Family.BATCH_READINESS, Severity.ERROR,
            "A code cell is not valid Python");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        for (ParsedCell cell : context.python().cells()) {
            if (!cell.isPython()) {
                continue;
            }
            for (Stmt.ErrorStmt error : cell.module().errors()) {
                context.report(cell, error.errorAt(), "invalid Python: " + error.message()
                        + "; papermill stops the batch at this cell");
                break;
            }
        }
    }
}
