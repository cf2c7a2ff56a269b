package dev.jupyship.lint;

import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.Node;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a rule sees while it checks one notebook: the notebook, its settings, and a way to report.
 * Positions are 1-based lines and columns within a cell's source.
 */
public final class LintContext {

    private final Notebook notebook;
    private final RuleSettings settings;
    private final List<Finding> findings = new ArrayList<>();
    private RuleInfo current;
    private ModuleAnalysis python;
    private final Map<Object, Object> shared = new HashMap<>();

    LintContext(Notebook notebook, RuleSettings settings) {
        this.notebook = notebook;
        this.settings = settings;
    }

    public Notebook notebook() {
        return notebook;
    }

    /** The code cells, in order. */
    public List<Cell> codeCells() {
        return notebook.cells().stream().filter(Cell::isCode).toList();
    }

    /**
     * The notebook's Python: every code cell masked for IPython syntax, parsed, and analysed as one
     * module in cell order (names bound and used, imports, F401/F821). Made once per lint, on first
     * use, and shared by every rule. A notebook for another kernel (R, Julia, ...) has no Python:
     * its analysis has no cells, so the Python rules find nothing there.
     */
    public ModuleAnalysis python() {
        if (python == null) {
            python = notebook.language().equals("python") ? ModuleAnalysis.analyzeNotebook(notebook)
                    : ModuleAnalysis.analyzeCells(List.of());
        }
        return python;
    }

    /**
     * An analysis several rules share, computed once per lint on first use: {@code key} names it
     * (a class or constant of the analysis), {@code compute} makes it from this context. The
     * contract rules JS601-JS607 share one run of the static contract check this way.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(Object key, Function<LintContext, T> compute) {
        Object value = shared.get(key);
        if (value == null && !shared.containsKey(key)) {
            value = compute.apply(this);
            shared.put(key, value);
        }
        return (T) value;
    }

    /**
     * Every node of a parsed cell, depth first in source order, collected once per lint: rules that
     * filter nodes share one walk instead of each walking the tree again.
     */
    @SuppressWarnings("unchecked")
    public List<Node> nodes(ParsedCell cell) {
        Map<ParsedCell, List<Node>> byCell = shared(NODES, context -> new IdentityHashMap<>());
        return byCell.computeIfAbsent(cell, parsed -> parsed.body().stream().flatMap(Node::stream).toList());
    }

    private static final Object NODES = new Object();

    /** The notebook cell a parsed cell came from. */
    public Cell cell(ParsedCell parsed) {
        return notebook.cells().get(parsed.index());
    }

    /** Reports a parser span (0-based lines and columns) within a cell. */
    public void report(Cell cell, Span span, String message) {
        report(cell, span.startLine() + 1, span.startColumn() + 1, span.endLine() + 1, span.endColumn() + 1, message);
    }

    /** Reports a parser span within the cell a parsed cell came from. */
    public void report(ParsedCell parsed, Span span, String message) {
        report(cell(parsed), span, message);
    }

    /** A numeric setting of the running rule ({@code [tool.jupyship.lint.settings.JS105]}), or the default. */
    public long setting(String name, long fallback) {
        return settings.number(current.id(), name, fallback);
    }

    void startRule(RuleInfo info) {
        current = info;
    }

    /** Reports a range within a cell. */
    public void report(Cell cell, int line, int column, int endLine, int endColumn, String message) {
        findings.add(new Finding(current.id(), Finding.JUPYSHIP, current.severity(), message, cell.index(), cell.id(),
                line, column, endLine, endColumn, current.fixable()));
    }

    /** Reports a whole line of a cell (1-based). */
    public void reportLine(Cell cell, int line, String message) {
        int length = SourceLines.of(cell.source()).length(line);
        report(cell, line, 1, line, length + 1, message);
    }

    /** Reports a cell as a whole: its first line is the place to click. */
    public void reportCell(Cell cell, String message) {
        reportLine(cell, 1, message);
    }

    /** Reports the notebook as a whole (no cell to point at). */
    public void reportNotebook(String message) {
        reportNotebook(message, true);
    }

    /**
     * Reports the notebook as a whole; {@code fixable} false when this finding is one the running
     * rule's fix cannot repair (its other findings it can).
     */
    public void reportNotebook(String message, boolean fixable) {
        findings.add(new Finding(current.id(), Finding.JUPYSHIP, current.severity(), message, -1, null, 1, 1, 1, 1,
                fixable && current.fixable()));
    }

    List<Finding> findings() {
        return findings;
    }
}
