package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.rules.support.ParametersCells;
import dev.jupyship.notebook.Cell;
import dev.jupyship.python.Binding;
import dev.jupyship.python.Expr;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.NameUse;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Scope;
import dev.jupyship.python.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JS203: a cell above the parameters cell reads or assigns a parameter. A batch runs that cell
 * before papermill's injected values exist, so it sees no value or a stale one. Reads inside
 * functions are left alone: they happen when the function is called, which may be after.
 */
public final class ParameterUsedBeforeParametersCell implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS203", "parameter-used-before-parameters-cell", Family.BATCH_READINESS,
            Severity.WARNING, "A parameter is used above the parameters cell");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        Cell parametersCell = ParametersCells.tagged(context.notebook());
        ModuleAnalysis python = parametersCell == null ? null : context.python();
        ParsedCell parsed = python == null ? null : ParametersCells.parsed(python, parametersCell);
        if (parsed == null) {
            return;
        }
        Map<String, Expr.Name> parameters = ParametersCells.assignedNames(parsed);
        int at = parametersCell.index();
        List<Occurrence> found = new ArrayList<>();
        for (Binding binding : python.moduleScope().allBindings()) {
            if (binding.cell() < at && binding.kind() != Binding.Kind.GLOBAL && parameters.containsKey(binding.name())) {
                found.add(new Occurrence(binding.name(), binding.cell(), binding.span(), true));
            }
        }
        for (NameUse use : python.uses()) {
            if (use.cell() < at && parameters.containsKey(use.name()) && runsImmediately(use.scope())) {
                found.add(new Occurrence(use.name(), use.cell(), use.span(), false));
            }
        }
        found.sort(Comparator.comparingInt(Occurrence::cell).thenComparingInt(o -> o.span().startOffset()));
        Set<String> reported = new HashSet<>(); // the first occurrence of each name in each cell is enough
        for (Occurrence o : found) {
            if (!reported.add(o.cell() + ":" + o.name())) {
                continue;
            }
            String message = o.assigned()
                    ? String.format("parameter '%s' is assigned here, above the parameters cell (cell %d), which sets it again: "
                            + "the cells between see this value, not the run's; set it only in the parameters cell", o.name(), at + 1)
                    : String.format("parameter '%s' is read here, above the parameters cell (cell %d): a batch runs this cell "
                            + "before papermill injects the run's value, so it sees an earlier assignment's value, or none; "
                            + "move the parameters cell above this one", o.name(), at + 1);
            context.report(context.notebook().cells().get(o.cell()), o.span(), message);
        }
    }

    private record Occurrence(String name, int cell, Span span, boolean assigned) {
    }

    /** Module-level code, and class bodies and comprehensions in it, run where they are written; functions later. */
    private static boolean runsImmediately(Scope scope) {
        for (Scope s = scope; s != null; s = s.parent()) {
            if (s.kind() == Scope.Kind.FUNCTION || s.kind() == Scope.Kind.LAMBDA) {
                return false;
            }
        }
        return true;
    }
}
