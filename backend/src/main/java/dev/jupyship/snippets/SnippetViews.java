package dev.jupyship.snippets;

import dev.jupyship.notebook.PythonText;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.NameUse;
import dev.jupyship.python.ParsedCell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * What the API and the CLI show of a snippet: a summary for lists, and the full view with nbformat
 * cells ready to insert and the description rendered to HTML. Raw HTML in the Markdown is escaped
 * and {@code javascript:} links are dropped, so a team folder cannot script the preview.
 */
public final class SnippetViews {

    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private SnippetViews() {
    }

    public static Map<String, Object> summary(Snippet snippet, Double score) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", snippet.id());
        view.put("title", snippet.title());
        view.put("description", snippet.description());
        view.put("category", snippet.category());
        view.put("tags", snippet.tags());
        view.put("version", snippet.version());
        view.put("source", snippet.source());
        if (score != null) {
            view.put("score", Math.round(score * 1000) / 1000.0);
        }
        return view;
    }

    public static Map<String, Object> detail(Snippet snippet) {
        Map<String, Object> view = summary(snippet, null);
        view.put("descriptionHtml", html(snippet));
        view.put("packages", snippet.packages());
        view.put("requires", snippet.requires());
        view.put("uses", uses(snippet));
        view.put("file", snippet.file());
        view.put("cells", snippet.insertedCells().stream().map(cell -> cell(snippet, cell)).toList());
        return view;
    }

    /**
     * The names the snippet's inserted cells read but none of them defines, in the order they are
     * first read: what the notebook must define above it (a model, X_valid), or the insert adds
     * NameErrors to the batch. Builtins are not listed.
     */
    public static List<String> uses(Snippet snippet) {
        List<ParsedCell> code = new ArrayList<>();
        for (SnippetCell cell : snippet.insertedCells()) {
            if (cell.kind() == SnippetCell.Kind.CODE) {
                code.add(ParsedCell.parse(code.size(), cell.source()));
            }
        }
        return ModuleAnalysis.analyzeCells(code).undefinedNames().stream().map(NameUse::name).distinct().toList();
    }

    /** The description, then the notes, as HTML. */
    public static String html(Snippet snippet) {
        String markdown = snippet.notes().isEmpty() ? snippet.description() : snippet.description() + "\n\n" + snippet.notes();
        return HTML.render(MARKDOWN.parse(markdown));
    }

    /**
     * An nbformat 4.5 cell: a fresh id, the source as a list of lines (nbformat's own way), the tags,
     * and {@code metadata.jupyship} naming the snippet and version it came from.
     */
    public static Map<String, Object> cell(Snippet snippet, SnippetCell cell) {
        Map<String, Object> json = new LinkedHashMap<>();
        boolean code = cell.kind() != SnippetCell.Kind.MARKDOWN;
        json.put("cell_type", code ? "code" : "markdown");
        json.put("id", UUID.randomUUID().toString().substring(0, 8));
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (!cell.tags().isEmpty()) {
            metadata.put("tags", cell.tags());
        }
        metadata.put("jupyship", Map.of("snippet", snippet.id(), "version", snippet.version()));
        json.put("metadata", metadata);
        json.put("source", PythonText.splitLinesKeepEnds(cell.source()));
        if (code) {
            json.put("execution_count", null);
            json.put("outputs", List.of());
        }
        return json;
    }
}
