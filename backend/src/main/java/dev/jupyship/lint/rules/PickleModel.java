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
import java.util.Map;

/**
 * JS302: a model saved with pickle or joblib. They store classes and functions defined in the
 * notebook by reference to {@code __main__}, which the batch and serving processes do not have;
 * cloudpickle, which the platform loads with, stores them by value.
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
        for (ParsedCell cell : python.cells()) {
            cell.body().stream().flatMap(Node::stream).forEach(node -> {
                if (node instanceof Expr.Call call) {
                    String saver = python.qualifiedName(call.function());
                    String instead = saver == null ? null : SAVERS.get(saver);
                    if (instead != null) {
                        context.report(cell, call.function().span(), "'" + saver + "' stores classes and functions defined in the "
                                + "notebook by reference to __main__, and the batch and serving processes cannot load them: "
                                + "save with '" + instead + "' (same arguments), which stores them by value");
                    }
                }
            });
        }
    }
}
