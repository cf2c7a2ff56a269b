package dev.jupyship.api.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.NotFound;
import dev.jupyship.snippets.Snippet;
import dev.jupyship.snippets.SnippetCatalog;
import dev.jupyship.snippets.SnippetCell;
import dev.jupyship.snippets.SnippetProblem;
import dev.jupyship.snippets.SnippetSearch;
import dev.jupyship.snippets.SnippetViews;
import dev.jupyship.snippets.SnippetWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The catalog's routes.
 *
 * <p>{@code GET /api/snippets?q=&tag=&category=&limit=}: ranked summaries ({@code tag} may list
 * several, comma-separated, all required), the categories and tags to filter by, and the files the
 * catalog could not load with their problems.
 * <pre>curl -s 'http://127.0.0.1:8765/api/snippets?q=save+model&category=training'</pre>
 *
 * <p>{@code GET /api/snippets/{id}}: one snippet with its nbformat cells and its HTML preview.
 * <pre>curl -s http://127.0.0.1:8765/api/snippets/save-model</pre>
 */
public final class SnippetEndpoints {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 1000;

    private SnippetEndpoints() {
    }

    public static Endpoint list(SnippetCatalog catalog) {
        return request -> {
            SnippetCatalog.Snapshot snapshot = catalog.current();
            String query = request.query("q", "");
            List<String> tags = Arrays.stream(request.query("tag", "").split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
            int limit = limit(request);
            List<SnippetSearch.Hit> hits = snapshot.search().search(query, request.query("category"), tags, limit);
            return ApiResponse.json(new SnippetList(query,
                    hits.stream().map(h -> SnippetViews.summary(h.snippet(), query.isBlank() ? null : h.score())).toList(),
                    new TreeSet<>(snapshot.all().stream().map(Snippet::category).toList()),
                    new TreeSet<>(snapshot.all().stream().flatMap(s -> s.tags().stream()).toList()),
                    snapshot.problems()));
        };
    }

    /** {@code GET /api/snippets}: the hits, and what there is to filter by. */
    public record SnippetList(String query, List<SnippetViews.Summary> snippets, SortedSet<String> categories, SortedSet<String> tags,
                              List<SnippetProblem> problems) {
    }

    public static Endpoint show(SnippetCatalog catalog) {
        return request -> {
            SnippetCatalog.Snapshot snapshot = catalog.current();
            String id = request.requiredQuery("id");
            Snippet snippet = snapshot.find(id);
            if (snippet == null) {
                throw new NotFound("no snippet '" + id + "' in the catalog" + problemHint(snapshot, id));
            }
            return ApiResponse.json(SnippetViews.detail(snippet));
        };
    }

    /**
     * {@code POST /api/snippets}: a new snippet in the team folder from notebook cells
     * ({@code {id, title, description, category, tags, cells: [nbformat cells]}}); 201 with the snippet
     * as {@code GET /api/snippets/{id}} shows it. Never replaces a file or an id.
     */
    public static Endpoint create(SnippetCatalog catalog) {
        return request -> {
            NewSnippet body = request.body(NewSnippet.class);
            List<SnippetCell> cells = cells(body.cells());
            Snippet snippet = SnippetWriter.write(catalog, new SnippetWriter.Draft(body.id(), required(body.title(), "title"),
                    required(body.description(), "description"), required(body.category(), "category"),
                    body.tags() == null ? List.of() : body.tags(), cells));
            return ApiResponse.json(201, SnippetViews.detail(snippet));
        };
    }

    /**
     * {@code POST /api/snippets}'s body.
     *
     * @param cells nbformat cells, read one by one ({@link #cells}) so a bad cell is named by its number
     */
    public record NewSnippet(String id, String title, String description, String category, List<String> tags, JsonNode cells) {
    }

    /** Notebook cells as a snippet takes them: code and markdown, raw ones left out; anything else a clear 400. */
    private static List<SnippetCell> cells(JsonNode given) {
        if (given == null || !given.isArray()) {
            throw new BadInput("'cells' must be a list of notebook cells");
        }
        List<SnippetCell> cells = new ArrayList<>();
        int number = 0;
        for (JsonNode cell : given) {
            number++;
            String where = "cell " + number;
            if (!cell.isObject() || !cell.path("cell_type").isTextual()) {
                throw new BadInput(where + " must be a notebook cell with a cell_type");
            }
            String type = cell.path("cell_type").asText();
            if (type.equals("raw")) {
                continue; // raw cells have no place in a snippet
            }
            if (!type.equals("code") && !type.equals("markdown")) {
                throw new BadInput(where + ": cell_type '" + type + "' is not code, markdown or raw");
            }
            JsonNode source = cell.path("source");
            String text = source.isTextual() ? source.asText() : String.join("", strings(source, where + "'s source"));
            List<String> tags = strings(cell.path("metadata").path("tags"), where + "'s tags");
            cells.add(new SnippetCell(type.equals("code") ? SnippetCell.Kind.CODE : SnippetCell.Kind.MARKDOWN, text, tags, 0));
        }
        return cells;
    }

    /** A list of strings (absent: empty), or a 400 naming what it is. */
    private static List<String> strings(JsonNode node, String what) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw new BadInput(what + " must be a list of strings");
                }
                strings.add(item.asText());
            }
            return strings;
        }
        throw new BadInput(what + " must be a list of strings");
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new BadInput("'" + field + "' is required");
        }
        return value;
    }

    /** When a file that looks like the id's has problems, say so: it is why the snippet is missing. */
    private static String problemHint(SnippetCatalog.Snapshot snapshot, String id) {
        return snapshot.problemOf(id).map(p -> " (" + p + ")").orElse("");
    }

    private static int limit(ApiRequest request) {
        String value = request.query("limit", String.valueOf(DEFAULT_LIMIT));
        try {
            int limit = Integer.parseInt(value);
            if (limit > 0) {
                return Math.min(limit, MAX_LIMIT);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadInput("query parameter 'limit' must be a positive number, not '" + value + "'");
    }
}
