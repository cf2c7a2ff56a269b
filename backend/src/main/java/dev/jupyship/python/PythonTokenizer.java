package dev.jupyship.python;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

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
public final class PythonTokenizer extends SourceCursor {

    /** CPython's tokenizer limits (MAXLEVEL, MAXINDENT): deeper code does not compile. */
    static final int MAX_BRACKETS = 200;
    static final int MAX_INDENTS = 100;

    private final LexemeScanner lexemes = new LexemeScanner(this);

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
        super(source);
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
            lexemes.number(start);
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
        if (modes.isEmpty() && lexemes.statementKeywordStartsLine(bracketLineIndent)) {
            int at = bracketOffsets[0];
            add(TokenKind.ERRORTOKEN, "'" + brackets.charAt(0) + "' was never closed", at, at + 1);
            brackets.setLength(0);
            add(TokenKind.NEWLINE, "", start, start);
            atLineStart = true;
        }
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
        String op = lexemes.operatorAt(c);
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
        lexemes.quoted(start, quote, triple);
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
}
