package dev.jupyship.contract;

import dev.jupyship.notebook.PythonText;
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
        splitLines = PythonText.splitLines(source);
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
}
