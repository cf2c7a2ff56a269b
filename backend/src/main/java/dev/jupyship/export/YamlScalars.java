package dev.jupyship.export;

import dev.jupyship.notebook.JsonNumber;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * What {@link SafeYaml} must know of a scalar before writing it, ported from PyYAML: whether the
 * resolver would read a string back as another type (so it cannot be written plain), the
 * representer's text for numbers, booleans and null, and the emitter's analysis of which styles
 * (plain, single-quoted, double-quoted) the text allows. The writing itself stays in SafeYaml.
 */
final class YamlScalars {

    private YamlScalars() {
    }

    /** The resolver's implicit patterns; a string matching one cannot be written plain. */
    private static final Pattern[] IMPLICIT = {
        Pattern.compile("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", Pattern.UNIX_LINES),
        Pattern.compile("^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$", Pattern.UNIX_LINES),
        Pattern.compile("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", Pattern.UNIX_LINES),
        Pattern.compile("^(?:<<)$", Pattern.UNIX_LINES),
        Pattern.compile("^(?:~|null|Null|NULL|)$", Pattern.UNIX_LINES),
        Pattern.compile("^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
                + "(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
                Pattern.UNIX_LINES),
        Pattern.compile("^(?:=)$", Pattern.UNIX_LINES),
        Pattern.compile("^(?:!|&|\\*)$", Pattern.UNIX_LINES),
    };

    /** First characters each resolver applies to (PyYAML dispatches on them), "" for the empty string. */
    private static final String[] FIRST = {"yYnNtTfFoO", "-+0123456789.", "-+0123456789", "<", "~nN", "0123456789", "=", "!&*"};

    static boolean resolvesToString(String s) {
        for (int i = 0; i < IMPLICIT.length; i++) {
            boolean applies = s.isEmpty() ? i == 4 : FIRST[i].indexOf(s.charAt(0)) >= 0;
            if (applies && IMPLICIT[i].matcher(s).find()) {
                return false;
            }
        }
        return true;
    }

    /** SafeRepresenter's text for non-string values. */
    static String representation(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (value instanceof JsonNumber n) {
            if (n.isIntegral()) {
                return new BigInteger(n.lexeme()).toString();
            }
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return ".nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? ".inf" : "-.inf";
            }
            String repr = PythonJson.repr(d).toLowerCase(java.util.Locale.ROOT);
            int e = repr.indexOf('e');
            if (repr.indexOf('.') < 0 && e >= 0) {
                repr = repr.substring(0, e) + ".0" + repr.substring(e);
            }
            return repr;
        }
        return String.valueOf(value);
    }

    static final class Analysis {
        boolean empty;
        boolean multiline;
        boolean allowFlowPlain = true;
        boolean allowBlockPlain = true;
        boolean allowSingleQuoted = true;
    }

    static boolean isBreak(int c) {
        return c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    private static boolean isWhitespaceOrEnd(int c) {
        return c == 0 || c == ' ' || c == '\t' || c == '\r' || isBreak(c);
    }

    /** {@code Emitter.analyze_scalar} with {@code allow_unicode=False}. */
    static Analysis analyze(int[] s) {
        Analysis a = new Analysis();
        if (s.length == 0) {
            a.empty = true;
            a.allowFlowPlain = false;
            return a;
        }
        boolean blockIndicators = false;
        boolean flowIndicators = false;
        boolean lineBreaks = false;
        boolean special = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        if (startsWith(s, "---") || startsWith(s, "...")) {
            blockIndicators = true;
            flowIndicators = true;
        }
        boolean precededByWhitespace = true;
        boolean followedByWhitespace = s.length == 1 || isWhitespaceOrEnd(s[1]);
        boolean previousSpace = false;
        boolean previousBreak = false;
        for (int index = 0; index < s.length; index++) {
            int ch = s[index];
            if (index == 0) {
                if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) {
                    flowIndicators = true;
                    blockIndicators = true;
                }
                if (ch == '?' || ch == ':') {
                    flowIndicators = true;
                    if (followedByWhitespace) {
                        blockIndicators = true;
                    }
                }
                if (ch == '-' && followedByWhitespace) {
                    flowIndicators = true;
                    blockIndicators = true;
                }
            } else {
                if (",?[]{}".indexOf(ch) >= 0) {
                    flowIndicators = true;
                }
                if (ch == ':') {
                    flowIndicators = true;
                    if (followedByWhitespace) {
                        blockIndicators = true;
                    }
                }
                if (ch == '#' && precededByWhitespace) {
                    flowIndicators = true;
                    blockIndicators = true;
                }
            }
            if (isBreak(ch)) {
                lineBreaks = true;
            }
            if (!(ch == '\n' || (ch >= 0x20 && ch <= 0x7e))) {
                // every other character is special: unicode too, since allow_unicode is off
                special = true;
            }
            if (ch == ' ') {
                if (index == 0) {
                    leadingSpace = true;
                }
                if (index == s.length - 1) {
                    trailingSpace = true;
                }
                if (previousBreak) {
                    breakSpace = true;
                }
                previousSpace = true;
                previousBreak = false;
            } else if (isBreak(ch)) {
                if (index == 0) {
                    leadingBreak = true;
                }
                if (index == s.length - 1) {
                    trailingBreak = true;
                }
                if (previousSpace) {
                    spaceBreak = true;
                }
                previousSpace = false;
                previousBreak = true;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = isWhitespaceOrEnd(ch);
            followedByWhitespace = index + 2 >= s.length || isWhitespaceOrEnd(s[index + 2]);
        }
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
            a.allowFlowPlain = false;
            a.allowBlockPlain = false;
        }
        if (breakSpace) {
            a.allowFlowPlain = false;
            a.allowBlockPlain = false;
            a.allowSingleQuoted = false;
        }
        if (spaceBreak || special) {
            a.allowFlowPlain = false;
            a.allowBlockPlain = false;
            a.allowSingleQuoted = false;
        }
        if (lineBreaks) {
            a.allowFlowPlain = false;
            a.allowBlockPlain = false;
        }
        if (flowIndicators) {
            a.allowFlowPlain = false;
        }
        if (blockIndicators) {
            a.allowBlockPlain = false;
        }
        a.multiline = lineBreaks;
        return a;
    }

    private static boolean startsWith(int[] s, String prefix) {
        if (s.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
