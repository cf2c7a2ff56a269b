package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.python.Binding;
import dev.jupyship.python.DottedNames;
import dev.jupyship.python.Expr;
import dev.jupyship.python.MaskedLine;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.Node;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Stmt;
import java.util.Map;
import java.util.Set;

/**
 * JS204: code that waits for a person or needs a browser. Papermill runs the kernel without stdin
 * and without a front end: {@code input()}, {@code getpass()} and debuggers fail the run, widgets
 * never get a click, and interactive or GUI matplotlib backends draw nothing, or fail without a
 * display.
 */
public final class InteractiveCall implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS204", "interactive-call", Family.BATCH_READINESS, Severity.WARNING,
            "Code waits for a person or needs a browser");

    private static final String NO_STDIN = ": a batch kernel has no stdin, so papermill's run fails here "
            + "(StdinNotImplementedError); make it a parameter or read it from the environment";
    private static final String DEBUGGER = ": a debugger waits for commands on stdin, which a batch kernel does not have, "
            + "so the run fails here; remove it before deploying";

    /** Builtins, by name, when nothing in the notebook rebinds them. */
    private static final Map<String, String> BUILTINS = Map.of(
            "input", "input() asks for typed input" + NO_STDIN,
            "breakpoint", "breakpoint() starts the debugger" + DEBUGGER);

    /** Functions of imported modules, by qualified name. */
    private static final Map<String, String> IMPORTED = Map.of(
            "getpass.getpass", "getpass() asks for a typed secret" + NO_STDIN,
            "pdb.set_trace", "pdb.set_trace() starts the debugger" + DEBUGGER,
            "ipdb.set_trace", "ipdb.set_trace() starts the debugger" + DEBUGGER,
            "IPython.core.debugger.set_trace", "set_trace() starts the debugger" + DEBUGGER,
            "IPython.embed", "IPython.embed() opens a shell that waits on stdin, which a batch kernel does not have, so the "
                    + "run fails here; remove it before deploying",
            "matplotlib.pyplot.ginput", "ginput() waits for clicks on a figure: nobody clicks in a batch; make the points a parameter",
            "matplotlib.pyplot.waitforbuttonpress", "waitforbuttonpress() waits for a key or click: nobody presses one in a "
                    + "batch; remove it");

    private static final Set<String> INTERACT = Set.of("ipywidgets.interact", "ipywidgets.interactive",
            "ipywidgets.widgets.interact", "ipywidgets.widgets.interactive", "ipywidgets.widgets.interaction.interact",
            "ipywidgets.widgets.interaction.interactive");
    private static final Set<String> INTERACT_MANUAL = Set.of("ipywidgets.interact_manual", "ipywidgets.widgets.interact_manual",
            "ipywidgets.widgets.interaction.interact_manual");

    /** matplotlib backends that draw into a browser front end: a batch's notebook gets no image. */
    private static final Set<String> BROWSER_BACKENDS = Set.of("notebook", "nbagg", "widget", "ipympl");
    /** GUI backends: they need a display, which a batch machine does not have. */
    private static final Set<String> GUI_BACKENDS = Set.of("qt", "qt4", "qt5", "qt6", "tk", "osx", "macosx", "gtk", "gtk3", "gtk4",
            "wx");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        ModuleAnalysis python = context.python();
        for (ParsedCell cell : python.cells()) {
            for (MaskedLine masked : cell.maskedLines()) {
                String message = magic(masked);
                if (message != null) {
                    context.report(cell, masked.span(), message);
                }
            }
            context.nodes(cell).forEach(node -> {
                if (node instanceof Expr.Call call) {
                    String message = call(python, call.function());
                    if (message != null) {
                        context.report(cell, call.span(), message);
                    }
                } else if (node instanceof Stmt.FunctionDef def) {
                    for (Expr decorator : def.decorators()) {
                        String message = decorator instanceof Expr.Call ? null : call(python, decorator);
                        if (message != null) {
                            context.report(cell, decorator.span(), message);
                        }
                    }
                }
            });
        }
    }

    private static String call(ModuleAnalysis python, Expr function) {
        Expr.Name head = DottedNames.head(function);
        if (head == null) {
            return null;
        }
        Binding binding = python.bindingOf(head);
        if (binding == null) {
            return function instanceof Expr.Name name ? BUILTINS.get(name.id()) : null;
        }
        if (!binding.isImport()) {
            return null;
        }
        String qualified = python.qualifiedName(function);
        if (INTERACT.contains(qualified)) {
            return "interact shows controls that only a browser can move: a batch runs the function once with the "
                    + "defaults, never with the values picked by hand; make those values parameters";
        }
        if (INTERACT_MANUAL.contains(qualified)) {
            return "interact_manual runs the function only when someone clicks its button: in a batch it never runs; "
                    + "call the function with parameters instead";
        }
        return IMPORTED.get(qualified);
    }

    private static String magic(MaskedLine masked) {
        if (masked.kind() != MaskedLine.Kind.LINE_MAGIC && masked.kind() != MaskedLine.Kind.AUTOMAGIC) {
            return null;
        }
        String name = masked.name();
        String[] words = masked.command().strip().split("\\s+");
        if (name.equals("debug") && words.length == 1) {
            return "%debug opens the post-mortem debugger" + DEBUGGER;
        }
        if (name.equals("matplotlib") || name.equals("pylab")) {
            String backend = "";
            for (int i = 1; i < words.length && backend.isEmpty() && !words[i].startsWith("#"); i++) {
                backend = words[i].startsWith("-") ? "" : words[i]; // %matplotlib [-l] [gui]
            }
            if (BROWSER_BACKENDS.contains(backend)) {
                return "%" + name + " " + backend + " draws figures through the browser: the notebook a batch saves has no "
                        + "images; use %matplotlib inline (or save figures to files)";
            }
            if (GUI_BACKENDS.contains(backend)) {
                return "%" + name + " " + backend + " opens figures in desktop windows: a batch machine has no display; "
                        + "use %matplotlib inline (or save figures to files)";
            }
        }
        return null;
    }
}
