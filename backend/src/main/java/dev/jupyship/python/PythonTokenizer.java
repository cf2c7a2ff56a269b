package dev.jupyship.python;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Python 3.12's lexical grammar, hand-written: NEWLINE/INDENT/DEDENT with implicit line joining
 * in brackets and backslash continuation, every string prefix, and PEP 701 f-strings split into
 * FSTRING_START / FSTRING_MIDDLE / FSTRING_END with the replacement fields tokenized as code (so the
 * parser sees the names used inside them).
 *
 * <p>It never throws: text it cannot read becomes an {@link TokenKind#ERRORTOKEN} whose text is the
 * message, and tokenizing goes on. Comments are not tokens; their spans are kept in
 * {@link #comments()}. Tabs in indentation count to the next multiple of 8 (CPython's rule; its
 * extra check that tab and space indentation agree with tab size 1 is not made).
 */
public final class PythonTokenizer {

    /**
     * Words that cannot start a line inside brackets in valid code: seeing one means a bracket was
     * left open, so the tokenizer reports it there and starts a fresh logical line instead of
     * swallowing the rest of the cell.
     */
    private static final Set<String> STATEMENT_ONLY_KEYWORDS = Set.of("def", "class", "import", "from", "return", "while",
            "try", "except", "finally", "with", "raise", "del", "pass", "break", "continue", "global", "nonlocal", "assert",
            "elif");

    /** CPython's tokenizer limits (MAXLEVEL, MAXINDENT): deeper code does not compile. */
    static final int MAX_BRACKETS = 200;
    static final int MAX_INDENTS = 100;

    private final String src;
    private final int length;
    private final int[] lineStarts;
    private int lineHint;
    private int pos;
    private final List<Token> tokens = new ArrayList<>();
    private final List<Span> comments = new ArrayList<>();

    private int[] indents = new int[16];
    private int indentDepth;
    /** Indentation of the current logical line, for the unclosed-bracket recovery. */
    private int lineIndent;
    private boolean atLineStart = true;

    /** Open brackets: the char, and where it is. */
    private final StringBuilder brackets = new StringBuilder();
    private int[] bracketOffsets = new int[16];
    private int bracketLineIndent;

    /** F-strings being read, innermost first: {@link FString} or {@link Field} entries. */
    private final Deque<Object> modes = new ArrayDeque<>();

    private record FString(char quote, boolean triple, boolean raw, int bracketBase) {
    }

    private static final class Field {
        final FString fstring;
        /** The bracket depth with this field's '{' open: a ':' '!' or '}' at this depth is the field's own. */
        final int depth;
        boolean inSpec;

        Field(FString fstring, int depth) {
            this.fstring = fstring;
            this.depth = depth;
        }
    }

    public PythonTokenizer(String source) {
        this.src = source;
        this.length = source.length();
        this.lineStarts = lineStarts(source);
    }

    /** Tokenizes {@code source}; the list always ends with NEWLINE (when there was code), DEDENTs and ENDMARKER. */
    public static List<Token> tokenize(String source) {
        return new PythonTokenizer(source).run();
    }

    public List<Token> run() {
        if (!tokens.isEmpty()) {
            return tokens;
        }
        while (true) {
            Object mode = modes.peek();
            if (mode instanceof FString fstring) {
                scanFStringLiteral(fstring);
                continue;
            }
            if (mode instanceof Field field && field.inSpec) {
                scanFormatSpec(field);
                continue;
            }
            if (atLineStart && brackets.length() == 0 && !startLogicalLine()) {
                break;
            }
            if (!scanCodeToken()) {
                break;
            }
        }
        return tokens;
    }

    /** Spans of the comments, {@code #} included, in source order. */
    public List<Span> comments() {
        return comments;
    }

    // ---- logical lines and indentation ----

    /** Skips blank and comment-only lines, then emits INDENT/DEDENT; false at the end of input. */
    private boolean startLogicalLine() {
        while (true) {
            int lineStart = pos;
            int column = 0;
            while (pos < length) {
                char c = src.charAt(pos);
                if (c == ' ') {
                    column++;
                } else if (c == '\t') {
                    column = (column / 8 + 1) * 8;
                } else if (c == '\f') {
                    column = 0;
                } else {
                    break;
                }
                pos++;
            }
            if (pos >= length) {
                finish();
                return false;
            }
            char c = src.charAt(pos);
            if (c == '#') {
                skipComment();
                continue;
            }
            if (c == '\n' || c == '\r') {
                skipNewline();
                continue;
            }
            if (c == '\\' && isNewlineAt(pos + 1)) {
                // a backslash continuation on an otherwise blank line: the next line continues it
                pos++;
                skipNewline();
                continue;
            }
            atLineStart = false;
            lineIndent = column;
            if (column > indents[indentDepth]) {
                if (++indentDepth == indents.length) {
                    indents = java.util.Arrays.copyOf(indents, indents.length * 2);
                }
                indents[indentDepth] = column;
                add(TokenKind.INDENT, "", lineStart, pos);
                if (indentDepth == MAX_INDENTS) {
                    add(TokenKind.ERRORTOKEN, "too many levels of indentation", lineStart, pos);
                }
            } else {
                while (column < indents[indentDepth]) {
                    indentDepth--;
                    add(TokenKind.DEDENT, "", pos, pos);
                }
                if (column != indents[indentDepth]) {
                    add(TokenKind.ERRORTOKEN, "unindent does not match any outer indentation level", lineStart, pos);
                }
            }
            return true;
        }
    }

    /** End of input: close what is open, end the line, dedent, ENDMARKER. */
    private void finish() {
        if (!modes.isEmpty()) {
            FString outermost = null;
            for (Object mode : modes) {
                if (mode instanceof FString f) {
                    outermost = f;
                }
            }
            add(TokenKind.ERRORTOKEN, "unterminated f-string literal", pos, pos);
            modes.clear();
            brackets.setLength(outermost == null ? 0 : outermost.bracketBase);
        }
        if (brackets.length() > 0) {
            int at = bracketOffsets[0];
            add(TokenKind.ERRORTOKEN, "'" + brackets.charAt(0) + "' was never closed", at, at + 1);
            brackets.setLength(0);
        }
        if (!tokens.isEmpty()) {
            TokenKind last = tokens.get(tokens.size() - 1).kind();
            if (last != TokenKind.NEWLINE && last != TokenKind.DEDENT && last != TokenKind.INDENT) {
                add(TokenKind.NEWLINE, "", pos, pos);
            }
        }
        while (indentDepth > 0) {
            indentDepth--;
            add(TokenKind.DEDENT, "", pos, pos);
        }
        add(TokenKind.ENDMARKER, "", pos, pos);
    }

    // ---- code ----

    /** Reads one token (or skips a comment or joined newline); false at the end of input. */
    private boolean scanCodeToken() {
        while (pos < length && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t' || src.charAt(pos) == '\f')) {
            pos++;
        }
        if (pos >= length) {
            finish();
            return false;
        }
        char c = src.charAt(pos);
        int start = pos;
        if (c == '#') {
            skipComment();
            return true;
        }
        if (c == '\n' || c == '\r') {
            onNewline(start);
            return true;
        }
        if (c == '\\') {
            if (isNewlineAt(pos + 1)) {
                pos++;
                skipNewline();
            } else if (pos + 1 >= length) {
                pos++;
                add(TokenKind.ERRORTOKEN, "unexpected EOF after line continuation character", start, pos);
            } else {
                pos++;
                add(TokenKind.ERRORTOKEN, "unexpected character after line continuation character", start, pos);
            }
            return true;
        }
        if (c == '"' || c == '\'') {
            scanString(start, false, false);
            return true;
        }
        if (isAsciiDigit(c) || (c == '.' && pos + 1 < length && isAsciiDigit(src.charAt(pos + 1)))) {
            scanNumber(start);
            return true;
        }
        if (isIdentifierStartAt(pos)) {
            scanNameOrPrefixedString(start);
            return true;
        }
        if (modes.peek() instanceof Field field && brackets.length() == field.depth && scanFieldDelimiter(field, c)) {
            return true;
        }
        scanOperator(start, c);
        return true;
    }

    private void onNewline(int start) {
        if (brackets.length() == 0) {
            skipNewline();
            add(TokenKind.NEWLINE, "", start, pos);
            atLineStart = true;
            return;
        }
        if (modes.peek() instanceof Field field && !field.fstring.triple) {
            add(TokenKind.ERRORTOKEN, "f-string: expecting '}'", start, start);
            abandonFString();
            onNewline(start);
            return;
        }
        skipNewline();
        if (modes.isEmpty() && nextLineLooksLikeNewStatement()) {
            int at = bracketOffsets[0];
            add(TokenKind.ERRORTOKEN, "'" + brackets.charAt(0) + "' was never closed", at, at + 1);
            brackets.setLength(0);
            add(TokenKind.NEWLINE, "", start, start);
            atLineStart = true;
        }
    }

    private boolean nextLineLooksLikeNewStatement() {
        int i = pos;
        int column = 0;
        while (i < length && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
            column = src.charAt(i) == '\t' ? (column / 8 + 1) * 8 : column + 1;
            i++;
        }
        int wordStart = i;
        while (i < length && src.charAt(i) < 128 && Character.isLetter(src.charAt(i))) {
            i++;
        }
        if (i == wordStart || (i < length && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_'))) {
            return false;
        }
        String word = src.substring(wordStart, i);
        // `from` could continue a `yield` on the line before; the others never start a line inside brackets
        return STATEMENT_ONLY_KEYWORDS.contains(word) && (!word.equals("from") || column <= bracketLineIndent);
    }

    /** Inside an f-string replacement field at its own depth: '}' ends it, ':' starts the spec, '!' the conversion. */
    private boolean scanFieldDelimiter(Field field, char c) {
        int start = pos;
        if (c == '}') {
            pos++;
            brackets.setLength(brackets.length() - 1);
            modes.pop();
            add(TokenKind.OP, "}", start, pos);
            return true;
        }
        if (c == ':') {
            pos++;
            field.inSpec = true;
            add(TokenKind.OP, ":", start, pos);
            return true;
        }
        if (c == '!' && !(pos + 1 < length && src.charAt(pos + 1) == '=')) {
            pos++;
            add(TokenKind.OP, "!", start, pos);
            return true;
        }
        return false;
    }

    private void scanOperator(int start, char c) {
        String op = operatorAt(c);
        if (op == null) {
            int end = pos + Character.charCount(src.codePointAt(pos));
            pos = end;
            add(TokenKind.ERRORTOKEN, "invalid character '" + src.substring(start, end) + "'", start, end);
            return;
        }
        pos += op.length();
        if (op.length() == 1) {
            switch (c) {
                case '(', '[', '{' -> openBracket(c, start);
                case ')', ']', '}' -> {
                    if (!closeBracket(c, start)) {
                        return;
                    }
                }
                default -> {
                }
            }
        }
        add(TokenKind.OP, op, start, pos);
    }

    /** The longest operator at {@code pos} (an interned constant), or null. */
    private String operatorAt(char c) {
        char c1 = pos + 1 < length ? src.charAt(pos + 1) : 0;
        char c2 = pos + 2 < length ? src.charAt(pos + 2) : 0;
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

    private void openBracket(char c, int at) {
        if (brackets.length() == 0) {
            bracketLineIndent = lineIndent;
        }
        if (brackets.length() == bracketOffsets.length) {
            bracketOffsets = java.util.Arrays.copyOf(bracketOffsets, bracketOffsets.length * 2);
        }
        bracketOffsets[brackets.length()] = at;
        brackets.append(c);
        if (brackets.length() == MAX_BRACKETS + 1) {
            add(TokenKind.ERRORTOKEN, "too many nested parentheses", at, at + 1);
        }
    }

    /** False when the closing bracket was reported as an error (and so is not a token). */
    private boolean closeBracket(char c, int at) {
        char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
        int minimum = modes.peek() instanceof Field field ? field.depth : 0;
        if (brackets.length() <= minimum) {
            add(TokenKind.ERRORTOKEN, "unmatched '" + c + "'", at, at + 1);
            return false;
        }
        char open = brackets.charAt(brackets.length() - 1);
        brackets.setLength(brackets.length() - 1);
        if (open != expected) {
            add(TokenKind.ERRORTOKEN, "closing parenthesis '" + c + "' does not match opening parenthesis '" + open + "'", at, at + 1);
            return false;
        }
        return true;
    }

    private void scanNameOrPrefixedString(int start) {
        pos += Character.charCount(src.codePointAt(pos));
        while (pos < length && isIdentifierPartAt(pos)) {
            pos += Character.charCount(src.codePointAt(pos));
        }
        if (pos < length && (src.charAt(pos) == '"' || src.charAt(pos) == '\'') && pos - start <= 2) {
            String prefix = src.substring(start, pos).toLowerCase(java.util.Locale.ROOT);
            switch (prefix) {
                case "r", "u", "b", "br", "rb" -> {
                    scanString(start, prefix.indexOf('r') >= 0, false);
                    return;
                }
                case "f", "fr", "rf" -> {
                    scanString(start, prefix.indexOf('r') >= 0, true);
                    return;
                }
                default -> {
                }
            }
        }
        add(TokenKind.NAME, src.substring(start, pos), start, pos);
    }

    /** A string from its prefix at {@code start}; {@code pos} is at the opening quote. */
    private void scanString(int start, boolean raw, boolean formatted) {
        char quote = src.charAt(pos);
        boolean triple = pos + 2 < length && src.charAt(pos + 1) == quote && src.charAt(pos + 2) == quote;
        pos += triple ? 3 : 1;
        if (formatted) {
            add(TokenKind.FSTRING_START, src.substring(start, pos), start, pos);
            modes.push(new FString(quote, triple, raw, brackets.length()));
            return;
        }
        while (pos < length) {
            char c = src.charAt(pos);
            if (c == '\\') {
                pos += pos + 2 < length && src.charAt(pos + 1) == '\r' && src.charAt(pos + 2) == '\n' ? 3 : 2;
                continue;
            }
            if (c == quote && (!triple || (pos + 2 < length && src.charAt(pos + 1) == quote && src.charAt(pos + 2) == quote))) {
                pos += triple ? 3 : 1;
                add(TokenKind.STRING, src.substring(start, pos), start, pos);
                return;
            }
            if (!triple && (c == '\n' || c == '\r')) {
                break;
            }
            pos++;
        }
        pos = Math.min(pos, length);
        add(TokenKind.ERRORTOKEN, triple ? "unterminated triple-quoted string literal" : "unterminated string literal", start, pos);
    }

    private void scanNumber(int start) {
        boolean integerOnly = true;
        char c = src.charAt(pos);
        if (c == '0' && pos + 1 < length && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
            pos += 2;
            while (pos < length && (Character.digit(src.charAt(pos), 16) >= 0 || src.charAt(pos) == '_')) {
                pos++;
            }
            add(TokenKind.NUMBER, src.substring(start, pos), start, pos);
            return;
        }
        skipDigits();
        if (pos < length && src.charAt(pos) == '.') {
            integerOnly = false;
            pos++;
            skipDigits();
        }
        if (pos < length && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < length && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < length && isAsciiDigit(src.charAt(pos))) {
                integerOnly = false;
                skipDigits();
            } else {
                pos = mark;
            }
        }
        if (pos < length && (src.charAt(pos) == 'j' || src.charAt(pos) == 'J')) {
            integerOnly = false;
            pos++;
        }
        String text = src.substring(start, pos);
        if (integerOnly && text.length() > 1 && text.charAt(0) == '0' && text.chars().anyMatch(d -> d >= '1' && d <= '9')) {
            add(TokenKind.ERRORTOKEN, "leading zeros in decimal integer literals are not permitted", start, pos);
            return;
        }
        if (text.endsWith("_") || text.contains("__")) {
            add(TokenKind.ERRORTOKEN, "invalid decimal literal", start, pos);
            return;
        }
        if (pos < length && isIdentifierStartAt(pos) && !followedByKeywordAllowedAfterNumber()) {
            add(TokenKind.ERRORTOKEN, "invalid decimal literal", start, pos);
            return;
        }
        add(TokenKind.NUMBER, text, start, pos);
    }

    /** {@code 1if x else 2} is still accepted by CPython 3.12 (with a warning). */
    private boolean followedByKeywordAllowedAfterNumber() {
        int end = pos;
        while (end < length && isIdentifierPartAt(end)) {
            end++;
        }
        return switch (src.substring(pos, end)) {
            case "and", "else", "for", "if", "in", "is", "not", "or" -> true;
            default -> false;
        };
    }

    private void skipDigits() {
        while (pos < length && (isAsciiDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
    }

    // ---- f-strings ----

    /** Literal text of an f-string up to a replacement field or its end. */
    private void scanFStringLiteral(FString fstring) {
        int start = pos;
        while (pos < length) {
            char c = src.charAt(pos);
            if (c == '\\') {
                char next = pos + 1 < length ? src.charAt(pos + 1) : 0;
                if (next == '\\' || next == fstring.quote || next == '\n' || next == '\r') {
                    pos += 2;
                } else if (!fstring.raw && next == 'N' && pos + 2 < length && src.charAt(pos + 2) == '{') {
                    int close = src.indexOf('}', pos);
                    pos = close < 0 ? length : close + 1;
                } else {
                    pos++;
                }
                continue;
            }
            if (c == '{' || c == '}') {
                if (pos + 1 < length && src.charAt(pos + 1) == c) {
                    pos += 2;
                    continue;
                }
                addMiddle(start);
                if (c == '}') {
                    add(TokenKind.ERRORTOKEN, "f-string: single '}' is not allowed", pos, pos + 1);
                    pos++;
                    start = pos;
                    continue;
                }
                openField(fstring);
                return;
            }
            if (c == fstring.quote && (!fstring.triple || (pos + 2 < length && src.charAt(pos + 1) == c && src.charAt(pos + 2) == c))) {
                addMiddle(start);
                int end = pos + (fstring.triple ? 3 : 1);
                add(TokenKind.FSTRING_END, src.substring(pos, end), pos, end);
                pos = end;
                modes.pop();
                return;
            }
            if (!fstring.triple && (c == '\n' || c == '\r')) {
                break;
            }
            pos++;
        }
        addMiddle(start);
        add(TokenKind.ERRORTOKEN, "unterminated f-string literal", pos, pos);
        abandonFString();
    }

    /** The format spec after ':' in a field: literal text, which may hold nested fields. */
    private void scanFormatSpec(Field field) {
        int start = pos;
        while (pos < length) {
            char c = src.charAt(pos);
            if (c == '{') {
                addMiddle(start);
                openField(field.fstring);
                return;
            }
            if (c == '}') {
                addMiddle(start);
                brackets.setLength(brackets.length() - 1);
                modes.pop();
                add(TokenKind.OP, "}", pos, pos + 1);
                pos++;
                return;
            }
            if (c == field.fstring.quote || (!field.fstring.triple && (c == '\n' || c == '\r'))) {
                break;
            }
            pos++;
        }
        addMiddle(start);
        add(TokenKind.ERRORTOKEN, "f-string: expecting '}'", pos, pos);
        abandonFString();
    }

    private void openField(FString fstring) {
        add(TokenKind.OP, "{", pos, pos + 1);
        openBracket('{', pos);
        pos++;
        modes.push(new Field(fstring, brackets.length()));
    }

    private void addMiddle(int start) {
        if (pos > start) {
            add(TokenKind.FSTRING_MIDDLE, src.substring(start, pos), start, pos);
        }
    }

    /** After an error inside an f-string: drop it (and its fields) so the rest of the line reads as code. */
    private void abandonFString() {
        while (!modes.isEmpty()) {
            Object mode = modes.pop();
            if (mode instanceof FString f) {
                brackets.setLength(Math.min(brackets.length(), f.bracketBase));
                return;
            }
        }
    }

    // ---- characters and positions ----

    private void skipComment() {
        int start = pos;
        while (pos < length && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
            pos++;
        }
        comments.add(span(start, pos));
    }

    private void skipNewline() {
        if (src.charAt(pos) == '\r' && pos + 1 < length && src.charAt(pos + 1) == '\n') {
            pos += 2;
        } else {
            pos++;
        }
    }

    private boolean isNewlineAt(int i) {
        return i < length && (src.charAt(i) == '\n' || src.charAt(i) == '\r');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private boolean isIdentifierStartAt(int i) {
        char c = src.charAt(i);
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }
        int cp = src.codePointAt(i);
        return Character.isUnicodeIdentifierStart(cp);
    }

    private boolean isIdentifierPartAt(int i) {
        char c = src.charAt(i);
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
        }
        int cp = src.codePointAt(i);
        return Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
    }

    private void add(TokenKind kind, String text, int start, int end) {
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
