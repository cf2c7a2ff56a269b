package dev.jupyship.snippets;

import java.util.List;

/**
 * One cell a snippet inserts (or, for {@link Kind#CHECK_SETUP}, one the quality gate runs first
 * without ever inserting it).
 *
 * @param kind   code, markdown, or check set-up code
 * @param source the cell's text, without a final newline
 * @param tags   notebook cell tags (e.g. {@code parameters}, for papermill)
 * @param line   the line in the snippet file where the cell's text starts
 */
public record SnippetCell(Kind kind, String source, List<String> tags, int line) {

    public enum Kind {
        CODE, MARKDOWN, CHECK_SETUP
    }

    public SnippetCell {
        tags = List.copyOf(tags);
    }

    public boolean isPython() {
        return kind != Kind.MARKDOWN;
    }
}
