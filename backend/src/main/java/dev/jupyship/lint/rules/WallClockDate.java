package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.python.AstVisitor;
import dev.jupyship.python.DottedNames;
import dev.jupyship.python.Expr;
import dev.jupyship.python.Literals;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.Node;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JS305: today's date read from the clock ({@code datetime.now()}, {@code date.today()},
 * {@code pd.Timestamp.now()}, ...) where a run-date parameter belongs. Clock reads that only time
 * or log the run are left alone: {@code time.time()}, a call inside {@code print(...)} or a logging
 * call, {@code datetime.now() - start}, and {@code start = datetime.now()}.
 */
public final class WallClockDate implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS305", "wall-clock-date", Family.REPRODUCIBILITY, Severity.WARNING,
            "Today's date is read from the clock where a run-date parameter belongs");

    private static final Set<String> CLOCK = Set.of("datetime.datetime.now", "datetime.datetime.today", "datetime.datetime.utcnow",
            "datetime.date.today", "pandas.Timestamp.now", "pandas.Timestamp.today", "pandas.Timestamp.utcnow");
    /** Called with the string "now" or "today". */
    private static final Set<String> CLOCK_STRING = Set.of("pandas.to_datetime", "pandas.Timestamp", "numpy.datetime64");
    /** time functions that read the clock as a date when given no time. */
    private static final Set<String> TIME_NO_ARGUMENT = Set.of("time.localtime", "time.gmtime", "time.ctime");
    /** Calls whose arguments are only shown or logged. */
    private static final Set<String> LOGGING = Set.of("print", "display", "info", "debug", "warning", "warn", "error", "exception",
            "critical", "log", "set_description", "set_postfix", "write");
    /** Names of variables that time a run ({@code start_time}, {@code t0}), unless they also say date. */
    private static final Pattern TIMER_NAME = Pattern.compile("(?i)(^|.*_)(start|started|begin|end|ended|stop|finish|finished|tic|toc|t[0-9]?|elapsed|timer)(_.*|$)");
    private static final Pattern TIME_OF_DAY = Pattern.compile("%[HIMSfXTrcp]");
    private static final Pattern DATE_WORD = Pattern.compile("(?i).*(date|day|month|year).*");
    private static final Set<String> DURATION = Set.of("datetime.timedelta", "pandas.Timedelta", "pandas.DateOffset",
            "dateutil.relativedelta.relativedelta", "pandas.tseries.offsets.DateOffset");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        ModuleAnalysis python = context.python();
        for (ParsedCell cell : python.cells()) {
            boolean parameters = context.cell(cell).tags().contains("parameters");
            List<Node> parents = new ArrayList<>();
            new AstVisitor() {
                @Override
                protected boolean enter(Node node) {
                    if (node instanceof Expr.Call call && readsDate(python, call) && !timesOrLogs(python, call, parents)) {
                        String written = DottedNames.of(call.function());
                        context.report(cell, call.span(), "'" + written + "(...)' makes the result depend on the day the notebook "
                                + "runs, and a backfill for a past date computes today's: "
                                + (parameters ? "give the parameter a literal default (run_date = \"2024-01-01\"); the batch sets it"
                                        : "take the date from a parameter (run_date = \"2024-01-01\" in the parameters cell, which the "
                                                + "batch sets) and parse it"));
                    }
                    parents.add(node);
                    return true;
                }

                @Override
                protected void leave(Node node) {
                    parents.remove(parents.size() - 1);
                }
            }.walk(cell.body());
        }
    }

    private static boolean readsDate(ModuleAnalysis python, Expr.Call call) {
        String name = python.qualifiedName(call.function());
        if (name == null) {
            return false;
        }
        if (CLOCK.contains(name)) {
            return true;
        }
        if (CLOCK_STRING.contains(name) && !call.arguments().isEmpty()) {
            String text = Literals.stringValue(call.arguments().get(0));
            return "now".equals(text) || "today".equals(text);
        }
        if (name.equals("time.strftime")) {
            return call.arguments().size() == 1 && call.keywords().isEmpty() && !isTimestampFormat(call.arguments().get(0));
        }
        return TIME_NO_ARGUMENT.contains(name) && call.arguments().isEmpty() && call.keywords().isEmpty();
    }

    /**
     * A format with the time of day ({@code "run_%Y%m%d_%H%M%S"}): it names a run (a log folder),
     * which is unique per run by design, rather than computing with a date.
     */
    private static boolean isTimestampFormat(Expr format) {
        StringBuilder text = new StringBuilder();
        if (format instanceof Expr.JoinedStr joined) {
            joined.values().forEach(part -> text.append(part instanceof Expr.StringLiteral literal ? literal.value() : ""));
        } else if (Literals.stringValue(format) != null) {
            text.append(Literals.stringValue(format));
        }
        return TIME_OF_DAY.matcher(text).find();
    }

    /** True when the clock is read to time the run, to log a time, or to name a run by its timestamp; not to compute with a date. */
    private static boolean timesOrLogs(ModuleAnalysis python, Expr.Call call, List<Node> parents) {
        if (!parents.isEmpty() && parents.get(parents.size() - 1) instanceof Expr.Attribute attribute && attribute.attr().equals("strftime")
                && parents.size() >= 2 && parents.get(parents.size() - 2) instanceof Expr.Call format && !format.arguments().isEmpty()
                && isTimestampFormat(format.arguments().get(0))) {
            return true;
        }
        if (!parents.isEmpty() && parents.get(parents.size() - 1) instanceof Expr.FormattedValue field && field.formatSpec() != null
                && isTimestampFormat(field.formatSpec())) {
            return true;
        }
        Node child = call;
        for (int i = parents.size() - 1; i >= 0; i--) {
            Node parent = parents.get(i);
            if (parent instanceof Expr.Call outer && outer.function() != child) {
                String name = DottedNames.of(outer.function());
                if (name != null && LOGGING.contains(name.substring(name.lastIndexOf('.') + 1))) {
                    return true;
                }
            }
            if (parent == parents.get(parents.size() - 1) && parent instanceof Expr.BinOp bin && bin.op().equals("-")) {
                Expr other = bin.left() == child ? bin.right() : bin.left();
                String otherName = python.qualifiedName(other);
                return !(other instanceof Expr.Call && otherName != null && DURATION.contains(otherName));
            }
            if (parent instanceof Stmt.Assign assign && assign.value() == child) {
                return assign.targets().size() == 1 && assign.targets().get(0) instanceof Expr.Name target
                        && TIMER_NAME.matcher(target.id()).matches() && !DATE_WORD.matcher(target.id()).matches();
            }
            if (parent instanceof Stmt) {
                return false;
            }
            child = parent;
        }
        return false;
    }
}
