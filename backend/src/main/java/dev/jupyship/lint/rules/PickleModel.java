package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.python.Expr;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.Node;
import dev.jupyship.python.Literals;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Stmt;
import java.util.Map;

/**
 * JS302: a model saved with pickle or joblib. They store classes and functions defined in the
 * notebook by reference to {@code __main__}, which the batch and serving processes do not have;
 * cloudpickle, which the platform loads with, stores them by value. A notebook that defines no
 * function, class or lambda is not reported (what it pickles refers to installed packages only), nor
 * is a dict or list written out in the call.
 */
public final class PickleModel implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS302", "pickle-model", Family.REPRODUCIBILITY, Severity.WARNING,
            "An object is saved with pickle or joblib instead of cloudpickle");

    /** What each saving call is, as imports resolve it, and what to call instead. */
    private static final Map<String, String> SAVERS = Map.of(
            "pickle.dump", "cloudpickle.dump",
            "pickle.dumps", "cloudpickle.dumps",
            "_pickle.dump", "cloudpickle.dump",
            "_pickle.dumps", "cloudpickle.dumps",
            "cPickle.dump", "cloudpickle.dump",
            "six.moves.cPickle.dump", "cloudpickle.dump",
            "joblib.dump", "cloudpickle.dump",
            "sklearn.externals.joblib.dump", "cloudpickle.dump");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        ModuleAnalysis python = context.python();
        boolean definesCode = python.cells().stream().flatMap(cell -> context.nodes(cell).stream())
                .anyMatch(node -> node instanceof Stmt.FunctionDef || node instanceof Stmt.ClassDef || node instanceof Expr.Lambda);
        if (!definesCode) {
            return; // pickle stores everything by reference to installed packages, which the image has
        }
        for (ParsedCell cell : python.cells()) {
            context.nodes(cell).forEach(node -> {
                if (node instanceof Expr.Call call) {
                    String saver = python.qualifiedName(call.function());
                    String instead = saver == null ? null : SAVERS.get(saver);
                    if (instead != null && !(!call.arguments().isEmpty() && isPlainData(call.arguments().get(0)))) {
                        context.report(cell, call.function().span(), "'" + saver + "' stores classes and functions defined in the "
                                + "notebook by reference to __main__, and the batch and serving processes cannot load them: "
                                + "save with '" + instead + "' (same arguments), which stores them by value");
                    }
                }
            });
        }
    }

    /** A dict, list, tuple or set written out, or a literal: data, which pickle stores as well as cloudpickle. */
    private static boolean isPlainData(Expr object) {
        return Literals.isLiteral(object) || object instanceof Expr.Dict || object instanceof Expr.ListExpr
                || object instanceof Expr.Tuple || object instanceof Expr.SetExpr || object instanceof Expr.DictComprehension;
    }
}
