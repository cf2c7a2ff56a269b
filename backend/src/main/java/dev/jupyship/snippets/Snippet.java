package dev.jupyship.snippets;

import java.util.List;
import java.util.Map;

/**
 * A reusable piece of a notebook, read from one Markdown file of a snippet folder.
 *
 * @param id          unique name (lowercase words joined by '-'); a team folder overrides by id
 * @param title       one line, shown in lists
 * @param description one or two sentences (Markdown), shown in lists and searched
 * @param notes       the Markdown prose before the first code block: the longer explanation shown
 *                    in the preview, never inserted
 * @param tags        search and filter words
 * @param category    one group (data, training, evaluation, ...), for filters
 * @param version     the snippet's own version, changed when its code changes
 * @param packages    the PyPI packages its code imports (checked in the gate's Python env)
 * @param requires    ids of snippets whose variables this one uses; the gate runs them first
 * @param runnable    false for snippets the gate cannot execute (it still checks their syntax)
 * @param cells       what is inserted, in order, plus any check set-up code
 * @param file        the file as shown in messages
 * @param source      the label of the folder it came from ({@code platform} or {@code team})
 * @param lines       the file line of each front matter key, for messages
 */
public record Snippet(String id, String title, String description, String notes, List<String> tags, String category,
        String version, List<String> packages, List<String> requires, boolean runnable, List<SnippetCell> cells,
        String file, String source, Map<String, Integer> lines) {

    public Snippet {
        tags = List.copyOf(tags);
        packages = List.copyOf(packages);
        requires = List.copyOf(requires);
        cells = List.copyOf(cells);
        lines = Map.copyOf(lines);
    }

    /** The file line of a front matter key (the first line when absent). */
    public int line(String key) {
        return lines.getOrDefault(key, 1);
    }

    /** The cells a notebook receives: code and markdown, without the gate's set-up code. */
    public List<SnippetCell> insertedCells() {
        return cells.stream().filter(c -> c.kind() != SnippetCell.Kind.CHECK_SETUP).toList();
    }
}
