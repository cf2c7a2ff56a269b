package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.rules.support.ParametersCells;
import dev.jupyship.notebook.Cell;
import dev.jupyship.python.DottedNames;
import dev.jupyship.python.Expr;
import dev.jupyship.python.Literals;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Stmt;

/**
 * JS202: the parameters cell should hold literal defaults only. Papermill injects a run's values
 * as literals in a new cell after it, so a computed default is replaced by a value of another kind,
 * values derived from other parameters keep the defaults' results, and statements there see the
 * defaults, never the run's values.
 */
public final class ParametersNotLiteral implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS202", "parameters-not-literal", Family.BATCH_READINESS, Severity.WARNING,
            "The parameters cell holds more than plain literal assignments");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        Cell cell = ParametersCells.tagged(context.notebook());
        ParsedCell parsed = cell == null ? null : ParametersCells.parsed(context.python(), cell);
        if (parsed == null) {
            return;
        }
        for (Stmt stmt : parsed.body()) {
            String problem = problem(parsed, stmt);
            if (problem != null) {
                context.report(cell, stmt.span(), problem);
            }
        }
    }

    /** What is wrong with one statement of the parameters cell, or null. */
    private static String problem(ParsedCell cell, Stmt stmt) {
        if (stmt instanceof Stmt.ErrorStmt) {
            return null; // a syntax error is reported as such; nothing to add
        }
        if (ParametersCells.hasMaskedIPython(cell, stmt)) {
            return "a magic or shell command in the parameters cell: papermill runs it before the run's values are injected; "
                    + "move it to a cell of its own";
        }
        Expr value = null;
        Expr target = null;
        boolean namesOnly = true;
        if (stmt instanceof Stmt.Assign assign) {
            value = assign.value();
            target = assign.targets().get(0);
            namesOnly = assign.targets().stream().allMatch(Expr.Name.class::isInstance);
        } else if (stmt instanceof Stmt.AnnAssign ann) {
            if (ann.value() == null) {
                return "'" + nameOf(ann.target()) + "' is declared without a default: a run that does not pass it "
                        + "stops with a NameError; give it a literal default";
            }
            value = ann.value();
            target = ann.target();
            namesOnly = ann.target() instanceof Expr.Name;
        } else if (stmt instanceof Stmt.ExprStmt expr && expr.value() instanceof Expr.StringLiteral) {
            return null; // a docstring or a note
        } else if (stmt instanceof Stmt.Pass) {
            return null;
        }
        if (stmt instanceof Stmt.Import || stmt instanceof Stmt.ImportFrom) {
            return "an import in the parameters cell: the cell is the batch's interface, read by papermill (--help-notebook) "
                    + "and the platform to list the parameters; keep imports in the cells above";
        }
        if (value == null) {
            String what = stmt instanceof Stmt.ExprStmt e && e.value() instanceof Expr.Call ? "a call" : "a statement that is not an assignment";
            return what + " in the parameters cell: papermill runs this cell before it injects the run's values, so it sees the "
                    + "defaults, not the run's parameters; move it to the next cell";
        }
        if (!namesOnly) {
            return "assign one name per statement in the parameters cell (papermill overrides plain names, not unpacked, "
                    + "attribute or item targets)";
        }
        if (!Literals.isLiteral(value)) {
            return "'" + nameOf(target) + "' has a computed default: a run's override is a plain literal (a string, not the "
                    + "path or date this may make), and what is computed here from other parameters is not recomputed when a run "
                    + "changes them; assign a literal here and compute in the next cell";
        }
        return null;
    }

    private static String nameOf(Expr target) {
        String dotted = DottedNames.of(target);
        return dotted == null ? "this target" : dotted;
    }
}
