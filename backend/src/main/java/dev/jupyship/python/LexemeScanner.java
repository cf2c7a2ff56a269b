package dev.jupyship.python;

import static dev.jupyship.python.SourceCursor.isAsciiDigit;

import java.util.Set;

/**
 * What {@link PythonTokenizer} reads from the characters alone, with no state beyond the position:
 * numbers (with CPython's errors for leading zeros and stray underscores), the body of a plain
 * string, the longest operator, and the first word of a line inside brackets. Brackets, indentation
 * and f-strings, which need the tokenizer's stacks, stay there.
 */
final class LexemeScanner {

    /**
     * Words that cannot start a line inside brackets in valid code: seeing one means a bracket was
     * left open, so the tokenizer reports it there and starts a fresh logical line instead of
     * swallowing the rest of the cell.
     */
    private static final Set<String> STATEMENT_ONLY_KEYWORDS = Set.of("def", "class", "import", "from", "return", "while",
            "try", "except", "finally", "with", "raise", "del", "pass", "break", "continue", "global", "nonlocal", "assert",
            "elif");

    private final SourceCursor in;

    LexemeScanner(SourceCursor in) {
        this.in = in;
    }

    /**
     * The body of a string that is not an f-string, its prefix at {@code start} and {@code in.pos}
     * just past the opening quote(s): a STRING token, or an ERRORTOKEN when it does not end.
     */
    void quoted(int start, char quote, boolean triple) {
        while (in.pos < in.length) {
            char c = in.src.charAt(in.pos);
            if (c == '\\') {
                in.pos += in.pos + 2 < in.length && in.src.charAt(in.pos + 1) == '\r' && in.src.charAt(in.pos + 2) == '\n' ? 3 : 2;
                continue;
            }
            if (c == quote && (!triple || (in.pos + 2 < in.length && in.src.charAt(in.pos + 1) == quote && in.src.charAt(in.pos + 2) == quote))) {
                in.pos += triple ? 3 : 1;
                in.add(TokenKind.STRING, in.src.substring(start, in.pos), start, in.pos);
                return;
            }
            if (!triple && (c == '\n' || c == '\r')) {
                break;
            }
            in.pos++;
        }
        in.pos = Math.min(in.pos, in.length);
        in.add(TokenKind.ERRORTOKEN, triple ? "unterminated triple-quoted string literal" : "unterminated string literal", start, in.pos);
    }

    void number(int start) {
        boolean integerOnly = true;
        char c = in.src.charAt(in.pos);
        if (c == '0' && in.pos + 1 < in.length && "xXoObB".indexOf(in.src.charAt(in.pos + 1)) >= 0) {
            in.pos += 2;
            while (in.pos < in.length && (Character.digit(in.src.charAt(in.pos), 16) >= 0 || in.src.charAt(in.pos) == '_')) {
                in.pos++;
            }
            in.add(TokenKind.NUMBER, in.src.substring(start, in.pos), start, in.pos);
            return;
        }
        skipDigits();
        if (in.pos < in.length && in.src.charAt(in.pos) == '.') {
            integerOnly = false;
            in.pos++;
            skipDigits();
        }
        if (in.pos < in.length && (in.src.charAt(in.pos) == 'e' || in.src.charAt(in.pos) == 'E')) {
            int mark = in.pos;
            in.pos++;
            if (in.pos < in.length && (in.src.charAt(in.pos) == '+' || in.src.charAt(in.pos) == '-')) {
                in.pos++;
            }
            if (in.pos < in.length && isAsciiDigit(in.src.charAt(in.pos))) {
                integerOnly = false;
                skipDigits();
            } else {
                in.pos = mark;
            }
        }
        if (in.pos < in.length && (in.src.charAt(in.pos) == 'j' || in.src.charAt(in.pos) == 'J')) {
            integerOnly = false;
            in.pos++;
        }
        String text = in.src.substring(start, in.pos);
        if (integerOnly && text.length() > 1 && text.charAt(0) == '0' && text.chars().anyMatch(d -> d >= '1' && d <= '9')) {
            in.add(TokenKind.ERRORTOKEN, "leading zeros in decimal integer literals are not permitted", start, in.pos);
            return;
        }
        if (text.endsWith("_") || text.contains("__")) {
            in.add(TokenKind.ERRORTOKEN, "invalid decimal literal", start, in.pos);
            return;
        }
        if (in.pos < in.length && in.isIdentifierStartAt(in.pos) && !followedByKeywordAllowedAfterNumber()) {
            in.add(TokenKind.ERRORTOKEN, "invalid decimal literal", start, in.pos);
            return;
        }
        in.add(TokenKind.NUMBER, text, start, in.pos);
    }

    /** {@code 1if x else 2} is still accepted by CPython 3.12 (with a warning). */
    private boolean followedByKeywordAllowedAfterNumber() {
        int end = in.pos;
        while (end < in.length && in.isIdentifierPartAt(end)) {
            end++;
        }
        return switch (in.src.substring(in.pos, end)) {
            case "and", "else", "for", "if", "in", "is", "not", "or" -> true;
            default -> false;
        };
    }

    private void skipDigits() {
        while (in.pos < in.length && (isAsciiDigit(in.src.charAt(in.pos)) || in.src.charAt(in.pos) == '_')) {
            in.pos++;
        }
    }
    /** The longest operator at {@code in.pos} (an interned constant), or null. */
    String operatorAt(char c) {
        char c1 = in.pos + 1 < in.length ? in.src.charAt(in.pos + 1) : 0;
        char c2 = in.pos + 2 < in.length ? in.src.charAt(in.pos + 2) : 0;
        switch (c) {
            case '*':
                return c1 == '*' ? (c2 == '=' ? "**=" : "**") : c1 == '=' ? "*=" : "*";
            case '/':
                return c1 == '/' ? (c2 == '=' ? "//=" : "//") : c1 == '=' ? "/=" : "/";
            case '>':
                return c1 == '>' ? (c2 == '=' ? ">>=" : ">>") : c1 == '=' ? ">=" : ">";
            case '<':
                return c1 == '<' ? (c2 == '=' ? "<<=" : "<<") : c1 == '=' ? "<=" : "<";
            case '.':
                return c1 == '.' && c2 == '.' ? "..." : ".";
            case '-':
                return c1 == '>' ? "->" : c1 == '=' ? "-=" : "-";
            case ':':
                return c1 == '=' ? ":=" : ":";
            case '=':
                return c1 == '=' ? "==" : "=";
            case '!':
                return c1 == '=' ? "!=" : null;
            case '+':
                return c1 == '=' ? "+=" : "+";
            case '%':
                return c1 == '=' ? "%=" : "%";
            case '&':
                return c1 == '=' ? "&=" : "&";
            case '|':
                return c1 == '=' ? "|=" : "|";
            case '^':
                return c1 == '=' ? "^=" : "^";
            case '@':
                return c1 == '=' ? "@=" : "@";
            case '~':
                return "~";
            case '(':
                return "(";
            case ')':
                return ")";
            case '[':
                return "[";
            case ']':
                return "]";
            case '{':
                return "{";
            case '}':
                return "}";
            case ',':
                return ",";
            case ';':
                return ";";
            default:
                return null;
        }
    }

    /**
     * Whether the line at {@code in.pos}, read inside brackets, starts with a word that only starts
     * statements, so a bracket before it was left open; {@code from} counts only when it is not
     * indented past the line that opened the bracket.
     */
    boolean statementKeywordStartsLine(int bracketLineIndent) {
        int i = in.pos;
        int column = 0;
        while (i < in.length && (in.src.charAt(i) == ' ' || in.src.charAt(i) == '\t')) {
            column = in.src.charAt(i) == '\t' ? (column / 8 + 1) * 8 : column + 1;
            i++;
        }
        int wordStart = i;
        while (i < in.length && in.src.charAt(i) < 128 && Character.isLetter(in.src.charAt(i))) {
            i++;
        }
        if (i == wordStart || (i < in.length && (Character.isLetterOrDigit(in.src.charAt(i)) || in.src.charAt(i) == '_'))) {
            return false;
        }
        String word = in.src.substring(wordStart, i);
        // `from` could continue a `yield` on the line before; the others never start a line inside brackets
        return STATEMENT_ONLY_KEYWORDS.contains(word) && (!word.equals("from") || column <= bracketLineIndent);
    }
}
