package dev.jupyship.contract;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines and columns of a cell as CPython's {@code ast} reports them to a script: the 1-based line of
 * Python's tokenizer ({@code \n}, {@code \r\n}, {@code \r}) and a 1-based column in characters, got
 * by cutting the line {@code str.splitlines()} gives at the node's UTF-8 byte offset.
 */
final class PythonColumns {

    private final String source;
    private final List<Integer> lineStarts = new ArrayList<>();
    private final List<String> splitLines;

    PythonColumns(String source) {
        this.source = source;
        lineStarts.add(0);
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= source.length() || source.charAt(i + 1) != '\n'))) {
                lineStarts.add(i + 1);
            }
        }
        splitLines = splitLines(source);
    }

    /** The 1-based line of a char offset. */
    int line(int offset) {
        return lineIndex(offset) + 1;
    }

    /** The 1-based character column of a char offset. */
    int column(int offset) {
        int index = lineIndex(offset);
        int bytes = source.substring(lineStarts.get(index), offset).getBytes(StandardCharsets.UTF_8).length;
        String line = index < splitLines.size() ? splitLines.get(index) : "";
        byte[] encoded = line.getBytes(StandardCharsets.UTF_8);
        ByteBuffer prefix = ByteBuffer.wrap(encoded, 0, Math.min(bytes, encoded.length));
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.IGNORE)
                    .onUnmappableCharacter(CodingErrorAction.IGNORE).decode(prefix).toString();
            return decoded.codePointCount(0, decoded.length()) + 1;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int lineIndex(int offset) {
        int low = 0;
        int high = lineStarts.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (lineStarts.get(mid) <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** Python's {@code str.splitlines()}. */
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if ("\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029".indexOf(c) >= 0) {
                lines.add(text.substring(start, i));
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
