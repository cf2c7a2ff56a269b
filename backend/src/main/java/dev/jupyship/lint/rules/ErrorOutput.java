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
import java.util.Map;

/** JS103: an error saved in a cell's outputs; fixed by removing the error outputs. */
public final class ErrorOutput implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS103", "error-output", Family.NOTEBOOK_STATE, Severity.WARNING,
            "An error output is saved in the notebook").withFix();

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        for (Cell cell : context.codeCells()) {
            for (Object output : cell.outputs()) {
                if (Outputs.isError(output)) {
                    Map<?, ?> error = (Map<?, ?>) output;
                    context.reportCell(cell, "the saved output is an error (" + error.get("ename") + ": "
                            + shorten(String.valueOf(error.get("evalue"))) + "): does this cell still fail when the batch runs it?");
                    break;
                }
            }
        }
    }

    private static String shorten(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    @Override
    public boolean fix(Notebook notebook, List<Finding> findings) {
        boolean changed = false;
        for (Finding finding : findings) {
            changed |= notebook.cells().get(finding.cell()).outputs().removeIf(Outputs::isError);
        }
        return changed;
    }
}
