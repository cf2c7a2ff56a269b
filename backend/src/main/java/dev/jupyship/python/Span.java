package dev.jupyship.python;

/**
 * Where a token or node sits in the source it was read from: offsets into the string, and 0-based
 * line and column. A column counts UTF-16 chars from the start of its line (what Java strings and
 * JupyterLab's CodeMirror positions count), so a character outside the BMP takes two columns.
 * Lines end at {@code \n}, {@code \r\n} or {@code \r}, as in Python's tokenizer.
 */
public record Span(int startOffset, int endOffset, int startLine, int startColumn, int endLine, int endColumn) {

    public static final Span NONE = new Span(0, 0, 0, 0, 0, 0);

    /** From the start of {@code first} to the end of {@code last}. */
    public static Span between(Span first, Span last) {
        return new Span(first.startOffset, last.endOffset, first.startLine, first.startColumn, last.endLine, last.endColumn);
    }

    public int length() {
        return endOffset - startOffset;
    }

    /** The text this span covers in {@code source}. */
    public String text(String source) {
        return source.substring(startOffset, endOffset);
    }

    @Override
    public String toString() {
        return startLine + ":" + startColumn + "-" + endLine + ":" + endColumn;
    }
}
