package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.Finding;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.rules.support.ParametersCells;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Json;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.python.Binding;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.NameUse;
import dev.jupyship.python.ParsedCell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JS201: without a cell tagged {@code parameters}, papermill puts the batch's parameters at the very top, before imports and defaults.
 * The fix tags the first cell of plain literal assignments in the notebook's setup whose names no
 * cell above uses (tagging one whose names are used above would leave cells that read them before
 * the run's values arrive).
 */
public final class MissingParametersCell implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS201", "missing-parameters-cell", Family.BATCH_READINESS, Severity.WARNING,
            "No cell is tagged 'parameters'").withFix();

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        if (context.codeCells().isEmpty() || ParametersCells.tagged(context.notebook()) != null) {
            return;
        }
        ParsedCell candidate = candidate(context.notebook(), context.python());
        if (candidate != null) {
            context.reportNotebook(String.format("no cell is tagged 'parameters': papermill will inject the batch's parameters at "
                    + "the top, where later cells overwrite them; cell %d sets defaults as plain literals: tag it 'parameters' "
                    + "(--fix does)", candidate.index() + 1), true);
        } else {
            context.reportNotebook("no cell is tagged 'parameters': papermill will inject the batch's parameters at the top, "
                    + "where later cells overwrite them; put the defaults as plain literal assignments in one cell near the top "
                    + "and tag it 'parameters'", false);
        }
    }

    /**
     * The first cell of plain literal assignments in the notebook's setup (before its first working
     * cell, see {@link LateImport}) whose names no cell above binds or reads, or null. A cell of
     * literals further down is a step of the analysis, not the notebook's defaults.
     */
    static ParsedCell candidate(Notebook notebook, ModuleAnalysis python) {
        Map<String, Integer> firstCell = null; // where each name is first bound or read, made when a cell qualifies
        for (ParsedCell cell : python.cells()) {
            if (!ParametersCells.isPlainAssignments(cell)) {
                if (!LateImport.isSetupCell(python, notebook.cells().get(cell.index()), cell)) {
                    return null;
                }
                continue;
            }
            if (firstCell == null) {
                firstCell = new HashMap<>();
                for (NameUse use : python.uses()) {
                    firstCell.merge(use.name(), use.cell(), Math::min);
                }
                for (Binding binding : python.moduleScope().allBindings()) {
                    firstCell.merge(binding.name(), binding.cell(), Math::min);
                }
            }
            boolean usedAbove = false;
            for (String name : ParametersCells.assignedNames(cell).keySet()) {
                usedAbove |= firstCell.getOrDefault(name, Integer.MAX_VALUE) < cell.index();
            }
            if (!usedAbove) {
                return cell;
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean fix(Notebook notebook, List<Finding> findings) {
        if (findings.stream().noneMatch(Finding::fixable)) {
            return false;
        }
        ParsedCell candidate = candidate(notebook, ModuleAnalysis.analyzeNotebook(notebook));
        if (candidate == null) {
            return false;
        }
        Cell cell = notebook.cells().get(candidate.index());
        if (!(cell.json().get("metadata") instanceof Map)) {
            Json.putInOrder(cell.json(), "metadata", new LinkedHashMap<String, Object>());
        }
        Map<String, Object> metadata = (Map<String, Object>) cell.json().get("metadata");
        if (metadata.get("tags") instanceof List<?> tags) {
            ((List<Object>) tags).add(ParametersCells.TAG);
        } else {
            Json.putInOrder(metadata, "tags", new ArrayList<>(List.of(ParametersCells.TAG)));
        }
        return true;
    }
}
