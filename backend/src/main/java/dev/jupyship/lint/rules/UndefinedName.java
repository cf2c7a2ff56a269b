package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.python.Binding;
import dev.jupyship.python.Expr;
import dev.jupyship.python.MaskedLine;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.NameUse;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.PythonParser;
import dev.jupyship.python.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JS102: a name read before any cell above defines it (pyflakes' F821 over the cells in order, as
 * ruff reports it on notebooks). It worked in the editor only because the kernel still held the
 * name: from a cell further down that ran first, or from a cell since deleted.
 */
public final class UndefinedName implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS102", "undefined-name", Family.NOTEBOOK_STATE, Severity.ERROR,
            "A name is used before any cell above defines it");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        ModuleAnalysis python = context.python();
        if (python.undefinedNames().isEmpty()) {
            return;
        }
        // The first cell below each use that binds the name at module level (module bindings are in cell order).
        Map<String, List<Binding>> moduleBindings = new HashMap<>();
        for (Binding binding : python.moduleScope().allBindings()) {
            moduleBindings.computeIfAbsent(binding.name(), name -> new ArrayList<>()).add(binding);
        }
        int pylab = firstPylabCell(python);
        Map<String, List<Timed>> timed = namesBoundByTime(python);
        for (NameUse use : python.undefinedNames()) {
            if (use.cell() > pylab) {
                continue; // %pylab imported all of numpy and pyplot: like after a star import, any name may be defined
            }
            List<Timed> timedBindings = timed.getOrDefault(use.name(), List.of());
            if (timedBindings.stream().anyMatch(t -> t.cell() < use.cell() || (t.cell() == use.cell() && t.end() <= use.span().startOffset()))) {
                continue;
            }
            int later = moduleBindings.getOrDefault(use.name(), List.of()).stream().mapToInt(Binding::cell)
                    .filter(cell -> cell > use.cell()).findFirst().orElse(-1);
            if (later < 0 && !timedBindings.isEmpty()) {
                later = timedBindings.get(0).cell();
            }
            String message = later >= 0
                    ? String.format("'%s' is defined only in cell %d below: this works only through hidden state, when that cell "
                            + "ran first; a batch runs top to bottom and stops here with a NameError", use.name(), later + 1)
                    : String.format("'%s' is not defined in any cell: a deleted cell or a typo? A batch stops here with a NameError",
                            use.name());
            context.report(context.notebook().cells().get(use.cell()), use.span(), message);
        }
    }

    /** The index of the first cell that runs {@code %pylab} with its star imports, or MAX_VALUE. */
    private static int firstPylabCell(ModuleAnalysis python) {
        for (ParsedCell cell : python.cells()) {
            for (MaskedLine masked : cell.maskedLines()) {
                if ((masked.kind() == MaskedLine.Kind.LINE_MAGIC || masked.kind() == MaskedLine.Kind.AUTOMAGIC)
                        && masked.name().equals("pylab") && !masked.command().contains("--no-import-all")) {
                    return cell.index();
                }
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Where a {@code %time} magic assigns a name: its cell, and the offset in the cell just past the magic. */
    private record Timed(int cell, int end) {
    }

    /**
     * Names assigned by {@code %time x = f()} line magics, which run their Python in the notebook's
     * namespace (the parser masks the whole magic), in notebook order.
     */
    private static Map<String, List<Timed>> namesBoundByTime(ModuleAnalysis python) {
        Map<String, List<Timed>> names = new HashMap<>();
        for (ParsedCell cell : python.cells()) {
            for (MaskedLine masked : cell.maskedLines()) {
                if (masked.kind() != MaskedLine.Kind.LINE_MAGIC || !masked.name().equals("time")) {
                    continue;
                }
                Timed at = new Timed(cell.index(), masked.span().endOffset());
                String payload = masked.command().substring(masked.name().length()).strip();
                for (Stmt stmt : PythonParser.parse(payload).body()) {
                    stmt.stream().filter(Expr.Name.class::isInstance).map(Expr.Name.class::cast)
                            .filter(name -> name.ctx() == Expr.Ctx.STORE)
                            .forEach(name -> names.computeIfAbsent(name.id(), id -> new ArrayList<>()).add(at));
                }
            }
        }
        return names;
    }
}
