package dev.jupyship.python;

/** The token kinds of Python 3.12's tokenizer (PEP 701 splits f-strings into several tokens). */
public enum TokenKind {
    NAME,
    NUMBER,
    /** A whole string literal that is not an f-string, prefix and quotes included. */
    STRING,
    /** The prefix and opening quote of an f-string, e.g. {@code f"} or {@code rf'''}. */
    FSTRING_START,
    /** Literal text inside an f-string or its format spec, as written ({@code {{} kept doubled). */
    FSTRING_MIDDLE,
    FSTRING_END,
    /** Operators and delimiters; the token's text says which. */
    OP,
    /** The end of a logical line. Blank and comment-only lines produce none. */
    NEWLINE,
    INDENT,
    DEDENT,
    ENDMARKER,
    /** Text the tokenizer could not read; the token's text is the error message. */
    ERRORTOKEN
}
