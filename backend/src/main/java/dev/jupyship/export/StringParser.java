package dev.jupyship.export;

/**
 * Port of jupytext's {@code stringparser.py}: reads a cell line by line and tells whether the next
 * line starts inside a string, so that a {@code %magic} or {@code def} inside a triple-quoted
 * string is left alone. Deliberately as simple as jupytext's (no f-string or prefix handling),
 * since matching its output is the point.
 */
final class StringParser {

    private final boolean ignore;
    private final boolean python;
    private final String comment;
    private char single;
    private char triple;

    /** @param language the cell language; null disables the parser (nothing is ever quoted) */
    StringParser(String language) {
        this.ignore = language == null;
        this.python = !"R".equals(language);
        this.comment = language == null ? null : CellLanguage.commentOf(language);
    }

    boolean isQuoted() {
        return !ignore && (single != 0 || triple != 0);
    }

    void readLine(String line) {
        if (ignore) {
            return;
        }
        if (line.indexOf('"') < 0 && line.indexOf('\'') < 0) {
            return; // no quote: the state cannot change (single is already clear for Python)
        }
        if (!isQuoted() && comment != null && line.startsWith(comment, PythonStrings.leadingSpace(line))) {
            return;
        }
        int tripleStart = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (single == 0 && triple == 0 && comment != null && comment.charAt(0) == c
                    && line.startsWith(comment, i)) {
                break;
            }
            if (c != '"' && c != '\'') {
                continue;
            }
            if (i > 0 && line.charAt(i - 1) == '\\') {
                continue;
            }
            if (single == c) {
                single = 0;
                continue;
            }
            if (single != 0) {
                continue;
            }
            if (!python) {
                continue;
            }
            if (i >= 2 && line.charAt(i - 1) == c && line.charAt(i - 2) == c && i >= tripleStart + 3) {
                if (triple == c) {
                    triple = 0;
                    tripleStart = i;
                    continue;
                }
                if (triple != 0) {
                    continue;
                }
                triple = c;
                tripleStart = i;
                continue;
            }
            if (triple != 0) {
                continue;
            }
            single = c;
        }
        if (python) {
            single = 0;
        }
    }
}
