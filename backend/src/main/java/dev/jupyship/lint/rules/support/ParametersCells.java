package dev.jupyship.lint.rules.support;

import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.python.Expr;
import dev.jupyship.python.Literals;
import dev.jupyship.python.MaskedLine;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.Node;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Stmt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the papermill rules (JS201 to JS203) ask about the parameters cell. */
public final class ParametersCells {

    public static final String TAG = "parameters";

    private ParametersCells() {
    }

    /** The code cell papermill injects after: the first one tagged {@code parameters}, or null. */
    public static Cell tagged(Notebook notebook) {
        for (Cell cell : notebook.cells()) {
            if (cell.isCode() && cell.tags().contains(TAG)) {
                return cell;
            }
        }
        return null;
    }

    /** The parsed form of a notebook cell, or null when it is not Python (a %%bash cell). */
    public static ParsedCell parsed(ModuleAnalysis python, Cell cell) {
        for (ParsedCell parsed : python.cells()) {
            if (parsed.index() == cell.index()) {
                return parsed;
            }
        }
        return null;
    }

    /** The names a parameters cell assigns at its top level, with where each is first assigned. */
    public static Map<String, Expr.Name> assignedNames(ParsedCell cell) {
        Map<String, Expr.Name> names = new LinkedHashMap<>();
        for (Stmt stmt : cell.body()) {
            List<Expr> targets = stmt instanceof Stmt.Assign assign ? assign.targets()
                    : stmt instanceof Stmt.AnnAssign ann ? List.of(ann.target())
                    : stmt instanceof Stmt.AugAssign aug ? List.of(aug.target())
                    : List.of();
            for (Expr target : targets) {
                target.stream().filter(Expr.Name.class::isInstance).map(Expr.Name.class::cast)
                        .filter(name -> name.ctx() == Expr.Ctx.STORE).forEach(name -> names.putIfAbsent(name.id(), name));
            }
        }
        return names;
    }

    /**
     * True for a cell papermill can take as its parameters cell as it is: plain {@code name = literal}
     * assignments only, no magics, no syntax errors.
     */
    public static boolean isPlainAssignments(ParsedCell cell) {
        return cell.maskedLines().isEmpty() && !cell.module().hasErrors() && Literals.isParameterAssignments(cell.body());
    }

    /** True when a masked magic or shell escape starts inside the node (IPythonMasking turned it into {@code 0}). */
    public static boolean hasMaskedIPython(ParsedCell cell, Node node) {
        for (MaskedLine masked : cell.maskedLines()) {
            int offset = masked.span().startOffset();
            if (offset >= node.span().startOffset() && offset < node.span().endOffset()) {
                return true;
            }
        }
        return false;
    }
}
