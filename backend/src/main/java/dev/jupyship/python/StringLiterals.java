package dev.jupyship.python;

/** Decoding of Python string literal text (escapes, prefixes, quotes) into the value it denotes. */
final class StringLiterals {

    private StringLiterals() {
    }

    /** The prefix of a literal token, lower case: "", "r", "b", "rb", "f", ... */
    static String prefix(String token) {
        int i = 0;
        while (i < token.length() && token.charAt(i) != '"' && token.charAt(i) != '\'') {
            i++;
        }
        return token.substring(0, i).toLowerCase(java.util.Locale.ROOT);
    }

    /** The value of a whole STRING token such as {@code rb'''x'''}. */
    static String value(String token) {
        String prefix = prefix(token);
        String quoted = token.substring(prefix.length());
        int quoteLength = quoted.length() >= 6 && (quoted.startsWith("\"\"\"") || quoted.startsWith("'''")) ? 3 : 1;
        String body = quoted.substring(quoteLength, Math.max(quoteLength, quoted.length() - quoteLength));
        return prefix.indexOf('r') >= 0 ? body : unescape(body, prefix.indexOf('b') >= 0);
    }

    /** Backslash escapes decoded; unknown escapes are kept as written, as Python does. */
    static String unescape(String body, boolean bytes) {
        int backslash = body.indexOf('\\');
        if (backslash < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        out.append(body, 0, backslash);
        for (int i = backslash; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case '\n' -> {
                }
                case '\r' -> {
                    if (i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> i = appendHex(body, i, 2, out);
                case 'u' -> i = bytes ? appendRaw(out, e, i) : appendHex(body, i, 4, out);
                case 'U' -> i = bytes ? appendRaw(out, e, i) : appendHex(body, i, 8, out);
                case 'N' -> {
                    int close = body.indexOf('}', i);
                    if (bytes || close < 0 || i + 1 >= body.length() || body.charAt(i + 1) != '{') {
                        out.append('\\').append(e);
                    } else {
                        String name = body.substring(i + 2, close);
                        int cp = -1;
                        try {
                            cp = Character.codePointOf(name);
                        } catch (IllegalArgumentException unknown) {
                            // kept as written below
                        }
                        if (cp >= 0) {
                            out.appendCodePoint(cp);
                        } else {
                            out.append(body, i - 1, close + 1);
                        }
                        i = close;
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i;
                        while (end < body.length() && end < i + 3 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                            end++;
                        }
                        out.appendCodePoint(Integer.parseInt(body.substring(i, end), 8));
                        i = end - 1;
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int appendRaw(StringBuilder out, char e, int i) {
        out.append('\\').append(e);
        return i;
    }

    private static int appendHex(String body, int i, int digits, StringBuilder out) {
        int end = i + 1 + digits;
        if (end <= body.length()) {
            try {
                out.appendCodePoint(Integer.parseInt(body.substring(i + 1, end), 16));
                return end - 1;
            } catch (IllegalArgumentException invalid) {
                // kept as written (CPython rejects it; the value matters little then)
            }
        }
        out.append('\\').append(body.charAt(i));
        return i;
    }
}
