package dev.jupyship.notebook;

/**
 * How a notebook file lays out its JSON. Jupyter writes {@link #NBFORMAT} (nbformat's
 * {@code json.dumps(indent=1, sort_keys=True, ensure_ascii=False)} plus a newline); other editors
 * write indent 2 or 4, and we keep their layout when we write their files back so that a fix or a
 * hook never turns a one-line change into a whole-file diff.
 *
 * @param indent        spaces per level; negative for Python's single-line layout
 * @param ensureAscii   non-ASCII characters written as {@code \\uXXXX} escapes
 * @param finalNewline  the file ends with a newline
 */
public record JsonStyle(int indent, boolean ensureAscii, boolean finalNewline) {

    public static final JsonStyle NBFORMAT = new JsonStyle(1, false, true);

    /** Reads the layout off the bytes of a file that parsed as JSON. */
    static JsonStyle detect(byte[] bytes) {
        int indent = -1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int spaces = 0;
                while (i + 1 + spaces < bytes.length && bytes[i + 1 + spaces] == ' ') {
                    spaces++;
                }
                indent = spaces;
                break;
            }
        }
        boolean nonAsciiBytes = false;
        boolean escapedNonAscii = false;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x80) {
                nonAsciiBytes = true;
                break;
            }
            if (b == '\\' && i + 5 < bytes.length && bytes[i + 1] == 'u' && !escapedNonAscii) {
                escapedNonAscii = hexValue(bytes, i + 2) >= 0x80;
            }
            if (b == '\\') {
                i++; // skip the escaped character, so "\\u" is not read as an escape
            }
        }
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == ' ')) {
            end--;
        }
        boolean finalNewline = end > 0 && bytes[end - 1] == '\n';
        return new JsonStyle(indent, escapedNonAscii && !nonAsciiBytes, finalNewline);
    }

    private static int hexValue(byte[] bytes, int from) {
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(bytes[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
