package dev.jupyship.python;

/**
 * One token. {@code text} is the source text it covers, except for {@link TokenKind#ERRORTOKEN},
 * whose text is the error message, and INDENT/DEDENT/NEWLINE/ENDMARKER, whose text is empty.
 */
public record Token(TokenKind kind, String text, Span span) {

    public boolean is(TokenKind expected) {
        return kind == expected;
    }

    /** True for the operator or delimiter {@code op}. */
    public boolean isOp(String op) {
        return kind == TokenKind.OP && text.equals(op);
    }

    /** True for the name {@code word}: keywords are NAME tokens, the parser tells them apart. */
    public boolean isName(String word) {
        return kind == TokenKind.NAME && text.equals(word);
    }

    @Override
    public String toString() {
        return kind + (text.isEmpty() ? "" : "(" + text + ")") + "@" + span;
    }
}
