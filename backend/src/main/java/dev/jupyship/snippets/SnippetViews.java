package dev.jupyship.snippets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.jupyship.notebook.PythonText;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.NameUse;
import dev.jupyship.python.ParsedCell;
import java.util.ArrayList;
import java.util.List;
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

    /** A snippet in a list; {@code score} (rounded to three places) only when there was a query. */
    public record Summary(String id, String title, String description, String category, List<String> tags, String version,
                          String source, @JsonInclude(JsonInclude.Include.NON_NULL) Double score) {
    }

    /** A snippet in full: the summary's fields, then what inserting it takes and the cells it inserts. */
    public record Detail(@JsonUnwrapped Summary summary, String descriptionHtml, List<String> packages, List<String> requires,
                         List<String> uses, String file, List<InsertedCell> cells) {
    }

    public static Summary summary(Snippet snippet, Double score) {
        return new Summary(snippet.id(), snippet.title(), snippet.description(), snippet.category(), snippet.tags(), snippet.version(),
                snippet.source(), score == null ? null : Math.round(score * 1000) / 1000.0);
    }

    public static Detail detail(Snippet snippet) {
        return new Detail(summary(snippet, null), html(snippet), snippet.packages(), snippet.requires(), uses(snippet), snippet.file(),
                snippet.insertedCells().stream().map(cell -> cell(snippet, cell)).toList());
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
     * and {@code metadata.jupyship} naming the snippet and version it came from. A code cell has
     * nbformat's {@code execution_count} (null) and {@code outputs} (empty); a markdown cell has neither.
     */
    public sealed interface InsertedCell permits CodeCell, MarkdownCell {
    }

    @JsonPropertyOrder({"cell_type", "id", "metadata", "source", "execution_count", "outputs"})
    public record CodeCell(String id, CellMetadata metadata, List<String> source) implements InsertedCell {
        @JsonProperty("cell_type")
        public String cellType() {
            return "code";
        }

        @JsonProperty("execution_count")
        public Integer executionCount() {
            return null;
        }

        @JsonProperty("outputs")
        public List<Object> outputs() {
            return List.of();
        }
    }

    @JsonPropertyOrder({"cell_type", "id", "metadata", "source"})
    public record MarkdownCell(String id, CellMetadata metadata, List<String> source) implements InsertedCell {
        @JsonProperty("cell_type")
        public String cellType() {
            return "markdown";
        }
    }

    /** The cell's tags (absent when it has none) and where it came from. */
    public record CellMetadata(@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tags, Origin jupyship) {
    }

    public record Origin(String snippet, String version) {
    }

    public static InsertedCell cell(Snippet snippet, SnippetCell cell) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        CellMetadata metadata = new CellMetadata(cell.tags(), new Origin(snippet.id(), snippet.version()));
        List<String> source = PythonText.splitLinesKeepEnds(cell.source());
        return cell.kind() == SnippetCell.Kind.MARKDOWN ? new MarkdownCell(id, metadata, source) : new CodeCell(id, metadata, source);
    }
}
