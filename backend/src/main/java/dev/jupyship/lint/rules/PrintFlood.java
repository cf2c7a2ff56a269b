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
import dev.jupyship.python.Part;
import dev.jupyship.python.Stmt;
import java.util.List;

/**
 * JS206: output that grows with the data. Every print of a batch run is saved in the output
 * notebook, stored with the run and shown in review: a print in a loop body writes one line per
 * iteration, and dozens of prints make the output a log nobody reads. Prints to a file, prints under
 * an {@code if i % n == 0} (the fix), and loops over a short literal sequence are left alone.
 */
public final class PrintFlood implements Rule {

    static final long DEFAULT_MAX_PRINTS = 50;
    /** A loop over a literal sequence or {@code range(n)} this short prints a few lines, not a flood. */
    private static final int SHORT_LOOP = 20;

    private static final RuleInfo INFO = RuleInfo.of("JS206", "print-flood", Family.BATCH_READINESS, Severity.INFO,
            "print in a loop, or too many prints");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        long max = context.setting("max-prints", DEFAULT_MAX_PRINTS);
        Walk walk = new Walk(context, context.python(), max);
        for (ParsedCell cell : walk.python.cells()) {
            walk.cell = cell;
            for (Stmt stmt : cell.body()) {
                walk.visit(stmt, false);
            }
        }
    }

    private static final class Walk {
        final LintContext context;
        final ModuleAnalysis python;
        final long max;
        ParsedCell cell;
        long prints;

        Walk(LintContext context, ModuleAnalysis python, long max) {
            this.context = context;
            this.python = python;
            this.max = max;
        }

        void visit(Node node, boolean inLoop) {
            if (node instanceof Stmt.For loop) {
                visit(loop.target(), inLoop);
                visit(loop.iter(), inLoop);
                visitAll(loop.body(), inLoop || !isShort(loop.iter()));
                visitAll(loop.orElse(), inLoop);
            } else if (node instanceof Stmt.While loop) {
                visit(loop.test(), inLoop);
                visitAll(loop.body(), true);
                visitAll(loop.orElse(), inLoop);
            } else if (node instanceof Stmt.FunctionDef def) {
                // a function's body runs when it is called, not where it is written
                def.children().forEach(child -> visit(child, !(child instanceof Stmt) && inLoop));
            } else if (node instanceof Expr.Lambda lambda) {
                lambda.children().forEach(child -> visit(child, false));
            } else if (node instanceof Stmt.If test && inLoop && isEveryNth(test.test())) {
                // printing every n-th iteration is the fix, not the problem
                visit(test.test(), true);
                visitAll(test.body(), false);
                visitAll(test.orElse(), true);
            } else {
                if (node instanceof Expr.Call call && isPrintToOutput(call)) {
                    print(call, inLoop);
                }
                node.children().forEach(child -> visit(child, inLoop));
            }
        }

        void print(Expr.Call call, boolean inLoop) {
            prints++;
            if (inLoop) {
                context.report(cell, call.span(), "print in a loop writes a line per iteration into the saved output of every "
                        + "batch run: print a summary after the loop, or every n-th iteration, or use logging or a progress bar");
            }
            if (prints == max + 1) {
                context.report(cell, call.span(), String.format("this is print number %d in the notebook (limit %d): a batch's "
                        + "output notebook becomes a log nobody reads; keep the few results that matter, log the rest", prints, max));
            }
        }

        void visitAll(List<Stmt> body, boolean inLoop) {
            body.forEach(stmt -> visit(stmt, inLoop));
        }

        /** The builtin print, writing to the output (not to a file). */
        boolean isPrintToOutput(Expr.Call call) {
            if (!(call.function() instanceof Expr.Name name) || !name.id().equals("print") || python.bindingOf(name) != null) {
                return false;
            }
            for (Part.Keyword keyword : call.keywords()) {
                if ("file".equals(keyword.name())) {
                    String target = python.qualifiedName(keyword.value());
                    return "sys.stdout".equals(target) || "sys.stderr".equals(target);
                }
            }
            return true;
        }

        /**
         * A loop that runs a few times: over a display of a few items, {@code range(n)}, {@code x[:n]},
         * {@code x.take(n)} or {@code x.head(n)} with a small literal n, or an enumerate/zip of those.
         */
        static boolean isShort(Expr iter) {
            if (iter instanceof Expr.ListExpr || iter instanceof Expr.Tuple || iter instanceof Expr.SetExpr) {
                return iter.children().size() <= SHORT_LOOP && iter.children().stream().noneMatch(Expr.Starred.class::isInstance);
            }
            if (iter instanceof Expr.Subscript subscript && subscript.slice() instanceof Expr.Slice slice) {
                return slice.lower() == null && isSmall(slice.upper());
            }
            if (iter instanceof Expr.Call call && call.arguments().size() == 1 && call.keywords().isEmpty()) {
                Expr argument = call.arguments().get(0);
                if (call.function() instanceof Expr.Name name) {
                    return name.id().equals("range") ? isSmall(argument) : name.id().equals("enumerate") && isShort(argument);
                }
                if (call.function() instanceof Expr.Attribute method) {
                    return (method.attr().equals("take") || method.attr().equals("head")) && isSmall(argument);
                }
            }
            if (iter instanceof Expr.Call call && call.function() instanceof Expr.Name name && name.id().equals("zip")
                    && !call.arguments().isEmpty()) {
                return call.arguments().stream().anyMatch(Walk::isShort);
            }
            return false;
        }

        private static boolean isSmall(Expr expr) {
            if (!(expr instanceof Expr.NumberLiteral n)) {
                return false;
            }
            try {
                return Integer.parseInt(n.text().replace("_", "")) <= SHORT_LOOP;
            } catch (NumberFormatException notAnInt) {
                return false;
            }
        }

        /** {@code i % n == 0} and the like: the test of an if that prints every n-th iteration. */
        static boolean isEveryNth(Expr test) {
            return test.stream().anyMatch(node -> node instanceof Expr.BinOp bin && bin.op().equals("%")
                    && !(bin.left() instanceof Expr.StringLiteral));
        }
    }
}
