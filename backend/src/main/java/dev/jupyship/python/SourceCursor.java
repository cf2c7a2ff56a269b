package dev.jupyship.python;

import java.util.ArrayList;
import java.util.List;

/**
 * The source text a tokenizer walks: the position, where lines start (so a span knows its line and
 * column), the characters Python gives a meaning (newlines, digits, identifier characters), and the
 * tokens and comment spans read so far. What the characters mean is left to
 * {@link PythonTokenizer} and {@link LexemeScanner}.
 */
abstract class SourceCursor {

    final String src;
    final int length;
    private final int[] lineStarts;
    private int lineHint;
    int pos;
    final List<Token> tokens = new ArrayList<>();
    final List<Span> comments = new ArrayList<>();

    SourceCursor(String source) {
        this.src = source;
        this.length = source.length();
        this.lineStarts = lineStarts(source);
    }

    void skipComment() {
        int start = pos;
        while (pos < length && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
            pos++;
        }
        comments.add(span(start, pos));
    }

    void skipNewline() {
        if (src.charAt(pos) == '\r' && pos + 1 < length && src.charAt(pos + 1) == '\n') {
            pos += 2;
        } else {
            pos++;
        }
    }

    boolean isNewlineAt(int i) {
        return i < length && (src.charAt(i) == '\n' || src.charAt(i) == '\r');
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    boolean isIdentifierStartAt(int i) {
        char c = src.charAt(i);
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }
        int cp = src.codePointAt(i);
        return Character.isUnicodeIdentifierStart(cp);
    }

    boolean isIdentifierPartAt(int i) {
        char c = src.charAt(i);
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
        }
        int cp = src.codePointAt(i);
        return Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
    }

    void add(TokenKind kind, String text, int start, int end) {
        tokens.add(new Token(kind, text, span(start, end)));
    }

    Span span(int start, int end) {
        int startLine = lineOf(start);
        int startColumn = start - lineStarts[startLine];
        int endLine = lineOf(end);
        return new Span(start, end, startLine, startColumn, endLine, end - lineStarts[endLine]);
    }

    private int lineOf(int offset) {
        // tokens come in source order, so a moving hint makes this O(1) amortised
        while (lineHint + 1 < lineStarts.length && lineStarts[lineHint + 1] <= offset) {
            lineHint++;
        }
        while (lineHint > 0 && lineStarts[lineHint] > offset) {
            lineHint--;
        }
        return lineHint;
    }

    /** Offsets where lines start; lines end at \n, \r\n or \r. */
    static int[] lineStarts(String source) {
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < source.length() && source.charAt(i + 1) == '\n') {
                    i++;
                }
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return java.util.Arrays.copyOf(starts, count);
    }
}
