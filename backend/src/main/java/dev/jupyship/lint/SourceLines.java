package dev.jupyship.lint;

import java.util.ArrayList;
import java.util.List;

/** Line starts of a cell's source, for turning offsets into 1-based lines and columns and back. */
public final class SourceLines {

    private final String text;
    private final int[] starts;

    private SourceLines(String text, int[] starts) {
        this.text = text;
        this.starts = starts;
    }

    public static SourceLines of(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        return new SourceLines(text, starts.stream().mapToInt(Integer::intValue).toArray());
    }

    public int count() {
        return text.isEmpty() ? 0 : (starts[starts.length - 1] == text.length() ? starts.length - 1 : starts.length);
    }

    /** The text of a 1-based line, without its line end; empty past the end. */
    public String line(int line) {
        if (line < 1 || line > starts.length) {
            return "";
        }
        int start = starts[line - 1];
        int end = line < starts.length ? starts[line] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(start, end);
    }

    public int length(int line) {
        return line(line).length();
    }

    /** The 1-based line holding a 0-based offset. */
    public int lineOf(int offset) {
        int low = 0;
        int high = starts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (starts[mid] <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low + 1;
    }

    /** The 1-based column of a 0-based offset. */
    public int columnOf(int offset) {
        return offset - starts[lineOf(offset) - 1] + 1;
    }
}
