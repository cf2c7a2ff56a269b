package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.python.Binding;
import dev.jupyship.python.DottedNames;
import dev.jupyship.python.Expr;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.Node;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Stmt;
import java.util.Map;

/**
 * JS205: exiting from notebook code. In a kernel, {@code sys.exit(0)} stops the run and papermill
 * counts it a success (the cells below silently never run), any other code fails the run with no
 * reason, {@code exit()} and {@code quit()} shut the kernel down, and {@code os._exit()} kills it:
 * papermill then reports a dead kernel, not why the code stopped.
 */
public final class ExitCall implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS205", "exit-call", Family.BATCH_READINESS, Severity.WARNING,
            "Code exits the kernel");

    private static final String RAISE = "raise an exception that says what went wrong instead";
    /** papermill counts a SystemExit of 0 (or none) as a clean stop, anything else as a failure with no reason. */
    private static final String CLEAN_STOP = " ends the run here and papermill counts it a success: the cells below never run, "
            + "yet the run looks complete; put the rest under an if, or " + RAISE + " if this is a failure";
    private static final String FAILURE = " fails the run with no reason but its exit code; " + RAISE;
    private static final String EITHER = " ends the run: as a success that silently skips the cells below when the code is 0, "
            + "as a failure with no reason otherwise; " + RAISE;
    private static final Map<String, String> BUILTINS = Map.of(
            "exit", "exit() shuts the kernel down: papermill reports a dead kernel, not a reason; " + RAISE,
            "quit", "quit() shuts the kernel down: papermill reports a dead kernel, not a reason; " + RAISE);
    private static final Map<String, String> KILLS = Map.of(
            "os._exit", "os._exit() kills the kernel process: papermill reports a dead kernel and saves no output of this "
                    + "cell; " + RAISE,
            "os.abort", "os.abort() kills the kernel process: papermill reports a dead kernel; " + RAISE);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        ModuleAnalysis python = context.python();
        for (ParsedCell cell : python.cells()) {
            context.nodes(cell).forEach(node -> {
                if (node instanceof Expr.Call call) {
                    String message = message(python, call);
                    if (message != null) {
                        context.report(cell, call.span(), message);
                    }
                } else if (node instanceof Stmt.Raise raise && raise.exception() != null) {
                    Expr raised = raise.exception() instanceof Expr.Call call ? call.function() : raise.exception();
                    if (raised instanceof Expr.Name name && name.id().equals("SystemExit") && python.bindingOf(name) == null) {
                        context.report(cell, raise.span(), "raise SystemExit" + byCode(raise.exception()));
                    }
                }
            });
        }
    }

    private static String message(ModuleAnalysis python, Expr.Call call) {
        Expr.Name head = DottedNames.head(call.function());
        if (head == null) {
            return null;
        }
        Binding binding = python.bindingOf(head);
        if (binding == null) {
            return call.function() instanceof Expr.Name name ? BUILTINS.get(name.id()) : null;
        }
        if (!binding.isImport()) {
            return null;
        }
        String qualified = python.qualifiedName(call.function());
        return "sys.exit".equals(qualified) ? "sys.exit()" + byCode(call) : KILLS.get(qualified);
    }

    /** What a SystemExit does to a papermill run, by its code: {@code sys.exit()}, {@code SystemExit(0)}, {@code sys.exit(1)}. */
    private static String byCode(Expr exitOrCall) {
        if (!(exitOrCall instanceof Expr.Call call)) {
            return CLEAN_STOP; // raise SystemExit
        }
        if (call.arguments().isEmpty() && call.keywords().isEmpty()) {
            return CLEAN_STOP;
        }
        Expr code = call.arguments().isEmpty() ? null : call.arguments().get(0);
        if (code instanceof Expr.NumberLiteral number) {
            return number.text().equals("0") ? CLEAN_STOP : FAILURE;
        }
        return code instanceof Expr.StringLiteral || code instanceof Expr.NamedConstant ? FAILURE : EITHER;
    }
}
