package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.python.Expr;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.Node;
import dev.jupyship.python.ParsedCell;

/**
 * JS403: the builtins {@code eval} and {@code exec}, which run text as code. Methods of the same
 * name ({@code df.eval}, {@code pd.eval}, {@code model.eval()}) are not these builtins and are not
 * reported; nor is a notebook's own function called {@code eval}.
 */
public final class EvalExec implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS403", "eval-exec", Family.SECURITY, Severity.WARNING,
            "The builtin eval or exec runs text as code");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        ModuleAnalysis python = context.python();
        for (ParsedCell cell : python.cells()) {
            context.nodes(cell).forEach(node -> {
                if (node instanceof Expr.Call call && isBuiltin(python, call.function())) {
                    String name = python.qualifiedName(call.function()).replace("builtins.", "");
                    context.report(cell, call.function().span(), "'" + name + "' runs whatever text reaches it as code, with the "
                            + "batch's access to data and storage; a parameter or a downloaded file that reaches it is code "
                            + "injection: call the code directly, or parse data with json.loads or ast.literal_eval");
                }
            });
        }
    }

    private static boolean isBuiltin(ModuleAnalysis python, Expr function) {
        if (function instanceof Expr.Name name) {
            // a name that resolves to nothing in the notebook is the builtin
            return (name.id().equals("eval") || name.id().equals("exec")) && python.bindingOf(name) == null;
        }
        String qualified = python.qualifiedName(function);
        return "builtins.eval".equals(qualified) || "builtins.exec".equals(qualified);
    }
}
