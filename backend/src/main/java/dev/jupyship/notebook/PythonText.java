package dev.jupyship.notebook;

import java.util.ArrayList;
import java.util.List;

/** Python's text semantics where notebooks depend on them. */
public final class PythonText {

    private PythonText() {
    }

    /** True for the characters Python's {@code str.splitlines} treats as line boundaries. */
    public static boolean isLineBoundary(char c) {
        if (c > 0x1e) {
            return c == 0x85 || c == 0x2028 || c == 0x2029; // printable text: decided in three tests
        }
        return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c >= 0x1c;
    }

    /** {@code text.splitlines(True)}: how nbformat turns a source string into the list it saves. */
    public static List<String> splitLinesKeepEnds(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isLineBoundary(c)) {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** {@code text.splitlines()}: lines without their ends, in a new list the caller may change. */
    public static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isLineBoundary(c)) {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
