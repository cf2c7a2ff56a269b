package dev.jupyship.lint;

/**
 * Just enough reading of TOML as text to edit one value in place: where a table's key is, where its
 * value starts, and where an array ends, skipping strings (all four kinds) and comments. What it
 * finds is checked by parsing the edited text ({@link PyprojectIgnore}), so it may be simple.
 */
final class TomlText {

    private final String text;

    TomlText(String text) {
        this.text = text;
    }

    /** Where the key {@code name} starts among the table's lines from {@code from}, or -1 when the table ends first. */
    int keyInTable(int from, String name) {
        int i = from;
        while (i < text.length()) {
            int start = skipBlanks(i);
            if (start >= text.length()) {
                return -1;
            }
            char first = text.charAt(start);
            if (first == '[') {
                return -1;
            }
            if (text.startsWith(name, start)) {
                int after = skipBlanks(start + name.length());
                if (after < text.length() && text.charAt(after) == '=') {
                    return start;
                }
            }
            i = nextLine(start);
        }
        return -1;
    }

    /** The first character of the value of the key starting at {@code key}, or -1. */
    int valueStart(int key) {
        int equals = text.indexOf('=', key);
        if (equals < 0) {
            return -1;
        }
        int value = skipBlanks(equals + 1);
        return value < text.length() ? value : -1;
    }

    /** The {@code ]} that closes the array opening at {@code open}. */
    int closingBracket(int open) {
        int close = skip(open, false);
        if (close >= text.length()) {
            throw new IllegalStateException("an array without its ]: the parser accepted it, so this cannot happen");
        }
        return close;
    }

    /** The last character in {@code (open, close)} that is neither blank nor in a comment; {@code open} when there is none. */
    int lastSignificantBefore(int open, int close) {
        int last = open;
        int i = open + 1;
        while (i < close) {
            char c = text.charAt(i);
            if (c == '#') {
                i = endOfComment(i);
            } else if (c == '"' || c == '\'') {
                i = endOfString(i);
                last = i - 1;
            } else {
                if (!Character.isWhitespace(c)) {
                    last = i;
                }
                i++;
            }
        }
        return last;
    }

    /** The start of the line after the one at {@code i}, past any string or array that spans lines. */
    private int nextLine(int i) {
        int end = skip(i, true);
        return end < text.length() ? end + 1 : end;
    }

    /**
     * From {@code i}, past strings and comments, to where brackets opened since {@code i} are closed
     * again: the closing bracket ({@code toLineEnd} false), or the newline after it ({@code true});
     * the text's length when there is none.
     */
    private int skip(int i, boolean toLineEnd) {
        int depth = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#') {
                i = endOfComment(i);
                continue;
            }
            if (c == '"' || c == '\'') {
                i = endOfString(i);
                continue;
            }
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
                if (depth == 0 && !toLineEnd) {
                    return i;
                }
            } else if (c == '\n' && depth <= 0 && toLineEnd) {
                return i;
            }
            i++;
        }
        return i;
    }

    private int skipBlanks(int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r' || text.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }

    /** The newline ending the comment at {@code i} (not past it: the newline ends a line). */
    private int endOfComment(int i) {
        int end = text.indexOf('\n', i);
        return end < 0 ? text.length() : end;
    }

    /** Just past the string starting at {@code i}: basic or literal, on one line or three-quoted. */
    private int endOfString(int i) {
        char quote = text.charAt(i);
        String triple = String.valueOf(quote).repeat(3);
        boolean multiLine = text.startsWith(triple, i);
        int j = i + (multiLine ? 3 : 1);
        while (j < text.length()) {
            char c = text.charAt(j);
            if (c == '\\' && quote == '"') {
                j += 2;
                continue;
            }
            if (multiLine ? text.startsWith(triple, j) : c == quote) {
                int end = j + (multiLine ? 3 : 1);
                // A three-quoted string may end with up to two more quotes of its kind.
                while (multiLine && end < text.length() && text.charAt(end) == quote && end - j < 5) {
                    end++;
                }
                return end;
            }
            if (!multiLine && c == '\n') {
                return j;
            }
            j++;
        }
        return j;
    }
}
