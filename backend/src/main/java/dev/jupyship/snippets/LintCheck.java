package dev.jupyship.snippets;

import dev.jupyship.lint.Finding;
import dev.jupyship.lint.LintConfig;
import dev.jupyship.lint.LintResult;
import dev.jupyship.lint.Linter;
import dev.jupyship.notebook.JsonNumber;
import dev.jupyship.notebook.JsonStyle;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.NotebookJson;
import dev.jupyship.notebook.PythonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The gate's lint: each snippet's cells, after the cells of the snippets it requires (so their
 * names are defined), linted with the platform rules; findings in the snippet's own cells are
 * problems at their line of the snippet file. A snippet is a fragment, so what only makes sense
 * for a whole notebook is left out: findings on the notebook as a whole (no parameters cell) and
 * late imports (a snippet is inserted below the active cell by design).
 */
public final class LintCheck implements SnippetCheck {

    static final Set<String> WHOLE_NOTEBOOK_RULES = Set.of("JS502");

    private final Linter linter;

    public LintCheck(Linter linter) {
        this.linter = linter;
    }

    @Override
    public String name() {
        return "lint";
    }

    @Override
    public List<SnippetProblem> check(SnippetCatalog.Snapshot catalog, Consumer<String> progress) {
        List<SnippetProblem> problems = new ArrayList<>();
        for (Snippet snippet : catalog.all()) {
            List<Object> cells = new ArrayList<>();
            List<SnippetCell> own = new ArrayList<>();
            for (Snippet part : SnippetCatalog.withRequirements(snippet, catalog)) {
                for (SnippetCell cell : part.insertedCells()) {
                    cells.add(cellJson(cell, cells.size()));
                    if (part == snippet) {
                        own.add(cell);
                    }
                }
            }
            int firstOwn = cells.size() - own.size();
            Notebook notebook = Notebook.parse(NotebookJson.write(notebookJson(cells), JsonStyle.NBFORMAT), snippet.file());
            LintResult result = linter.lint(notebook, null, snippet.file(), LintConfig.defaults());
            int before = problems.size();
            for (Finding finding : result.findings()) {
                if (finding.isNotebookLevel() || finding.cell() < firstOwn || WHOLE_NOTEBOOK_RULES.contains(finding.rule())) {
                    continue;
                }
                SnippetCell cell = own.get(finding.cell() - firstOwn);
                problems.add(new SnippetProblem(snippet.file(), cell.line() + finding.line() - 1,
                        finding.rule() + " " + finding.message()));
            }
            result.notes().forEach(note -> problems.add(new SnippetProblem(snippet.file(), 1, "lint: " + note)));
            progress.accept("lint " + snippet.id() + ": " + (problems.size() == before ? "ok" : (problems.size() - before) + " findings"));
        }
        return problems;
    }

    private static Map<String, Object> cellJson(SnippetCell cell, int index) {
        Map<String, Object> json = new LinkedHashMap<>();
        boolean code = cell.kind() != SnippetCell.Kind.MARKDOWN;
        json.put("cell_type", code ? "code" : "markdown");
        if (code) {
            json.put("execution_count", null);
        }
        json.put("id", "snippet-" + index);
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (!cell.tags().isEmpty()) {
            metadata.put("tags", new ArrayList<Object>(cell.tags()));
        }
        json.put("metadata", metadata);
        if (code) {
            json.put("outputs", new ArrayList<>());
        }
        json.put("source", new ArrayList<Object>(PythonText.splitLinesKeepEnds(cell.source())));
        return json;
    }

    private static Map<String, Object> notebookJson(List<Object> cells) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cells", cells);
        root.put("metadata", new LinkedHashMap<>(Map.of("kernelspec",
                Map.of("display_name", "Python 3", "language", "python", "name", "python3"))));
        root.put("nbformat", JsonNumber.of(4));
        root.put("nbformat_minor", JsonNumber.of(5));
        return root;
    }
}
