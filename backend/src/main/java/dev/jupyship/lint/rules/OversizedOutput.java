package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.Finding;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.Outputs;
import java.util.List;

/** JS105: huge text outputs (logs, printed frames) bloat the notebook and every copy the platform stores. */
public final class OversizedOutput implements Rule {

    static final long DEFAULT_MAX_KB = 100;

    private static final RuleInfo INFO = RuleInfo.of("JS105", "oversized-output", Family.NOTEBOOK_STATE, Severity.WARNING,
            "A cell's saved text output is very large").withFix();

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        long max = context.setting("max-output-kb", DEFAULT_MAX_KB) * 1024;
        for (Cell cell : context.codeCells()) {
            long size = 0;
            for (Object output : cell.outputs()) {
                size += Outputs.size(output, false);
            }
            if (size > max) {
                context.reportCell(cell, String.format("the saved text output is %d KB (limit %d KB): clear it, or write "
                        + "large results to a file in the output folder", size / 1024, max / 1024));
            }
        }
    }

    @Override
    public boolean fix(Notebook notebook, List<Finding> findings) {
        for (Finding finding : findings) {
            notebook.cells().get(finding.cell()).outputs().clear();
        }
        return !findings.isEmpty();
    }
}
