package dev.jupyship.python;

import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Names bound and used in a module or a notebook: the answers to pyflakes' F821 (undefined name)
 * and F401 (unused import), every scope's bindings, and what each name resolved to (so rules can
 * tell that {@code np} is {@code numpy}).
 *
 * <p>A notebook is analysed as ruff does: its Python code cells, in order, as one module; a cell
 * sees the module-level names of the cells above it, and functions see every module-level name.
 *
 * <p>F401 is simplified as ruff does it: an import is reported when it is still the name's binding at
 * the end of its scope and nothing used it or the bindings of that name before it in the scope (an
 * import rebound before any use is F811's business, not reported here). {@code __future__} imports and names listed in {@code __all__} are never
 * unused. See {@link ScopeAnalyzer} for how names resolve.
 */
public final class ModuleAnalysis {

    /** One cell's share of the findings. */
    public record CellResult(int cellIndex, List<NameUse> undefinedNames, List<Binding> unusedImports) {
    }

    private final List<ParsedCell> cells;
    private final Scope module;
    private final List<Scope> scopes;
    private final List<NameUse> uses;
    private final List<NameUse> undefined;
    private final Map<Expr.Name, Binding> resolved;

    ModuleAnalysis(List<ParsedCell> cells, Scope module, List<Scope> scopes, List<NameUse> uses, List<NameUse> undefined,
            Map<Expr.Name, Binding> resolved) {
        this.cells = List.copyOf(cells);
        this.module = module;
        this.scopes = List.copyOf(scopes);
        this.uses = List.copyOf(uses);
        this.undefined = undefined.stream().sorted(Comparator.comparingInt(NameUse::cell)
                .thenComparingInt(u -> u.span().startOffset())).toList();
        this.resolved = resolved;
    }

    /** Analyses cells in order as one module; cells that are not Python (%%bash, ...) are skipped. */
    public static ModuleAnalysis analyzeCells(List<ParsedCell> cells) {
        return new ScopeAnalyzer().analyze(cells);
    }

    /** Parses and analyses the code cells of a notebook. */
    public static ModuleAnalysis analyzeNotebook(Notebook notebook) {
        List<ParsedCell> parsed = new ArrayList<>();
        for (Cell cell : notebook.cells()) {
            if (cell.isCode()) {
                parsed.add(ParsedCell.parse(cell.index(), cell.source()));
            }
        }
        return analyzeCells(parsed);
    }

    /** Parses and analyses plain Python source (no IPython syntax), as cell 0. */
    public static ModuleAnalysis analyze(String source) {
        PythonModule parsed = PythonParser.parse(source);
        return analyzeCells(List.of(new ParsedCell(0, source, new IPythonMasking.Masked(source, List.of()), parsed)));
    }

    public List<ParsedCell> cells() {
        return cells;
    }

    public Scope moduleScope() {
        return module;
    }

    /** Every scope, the module first, then in the order they were entered. */
    public List<Scope> scopes() {
        return scopes;
    }

    /** Every name read, with what it resolved to. */
    public List<NameUse> uses() {
        return uses;
    }

    /** F821: names read where nothing binds them, by cell and position. */
    public List<NameUse> undefinedNames() {
        return undefined;
    }

    /** F401: imports nothing uses, by cell and position. */
    public List<Binding> unusedImports() {
        List<Binding> unused = new ArrayList<>();
        for (Scope scope : scopes) {
            for (Binding binding : scope.bindings().values()) {
                if (binding.isImport() && binding.kind() != Binding.Kind.FUTURE_IMPORT && !binding.isUsed()) {
                    unused.add(binding);
                }
            }
        }
        unused.sort(Comparator.comparingInt(Binding::cell).thenComparingInt(b -> b.span().startOffset()));
        return unused;
    }

    /** The findings grouped by cell, one entry per analysed cell in order. */
    public List<CellResult> perCell() {
        List<Binding> unused = unusedImports();
        List<CellResult> results = new ArrayList<>();
        for (ParsedCell cell : cells) {
            results.add(new CellResult(cell.index(), undefined.stream().filter(u -> u.cell() == cell.index()).toList(),
                    unused.stream().filter(b -> b.cell() == cell.index()).toList()));
        }
        return results;
    }

    /** What a name read resolved to: null for builtins, undefined names and names not read. */
    public Binding bindingOf(Expr.Name name) {
        return resolved.get(name);
    }

    /**
     * The full dotted name of an expression, imports resolved: {@code np.random.seed} →
     * {@code numpy.random.seed} after {@code import numpy as np}; {@code now} → {@code
     * datetime.datetime.now} after {@code from datetime import datetime}... For a name that is not an
     * import (a builtin, a local), the dotted name as written; null when the expression is not a
     * dotted name.
     */
    public String qualifiedName(Expr expr) {
        String dotted = DottedNames.of(expr);
        if (dotted == null) {
            return null;
        }
        Expr.Name head = DottedNames.head(expr);
        Binding binding = bindingOf(head);
        if (binding == null || !binding.isImport() || binding.qualifiedName() == null) {
            return dotted;
        }
        return binding.qualifiedName() + dotted.substring(head.id().length());
    }
}
