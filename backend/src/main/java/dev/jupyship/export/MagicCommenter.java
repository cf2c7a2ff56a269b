package dev.jupyship.export;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Port of jupytext's {@code magics.py} ({@code comment_magic} and {@code is_magic}): Jupyter magics
 * are not valid Python, so the percent format writes them as comments ({@code %time x} becomes
 * {@code # %time x}) and jupytext uncomments them when it reads the file back. The rules depend on
 * the cell language; Python also comments shell escapes, help queries and bare shell commands.
 *
 * <p>Every pattern is compiled once; the cheap character checks in front of them keep ordinary
 * code lines away from the regex engine, which matters on large notebooks.
 */
final class MagicCommenter {

    private static final String S = "[" + PythonStrings.SPACE_CLASS + "]";
    private static final String NOT_S = "[^" + PythonStrings.SPACE_CLASS + "]";

    private record Rules(Pattern magic, Pattern forceEscape, Pattern noEscape) {
    }

    private static final Map<String, Rules> RULES = new HashMap<>();

    static {
        for (String language : CellLanguage.scriptLanguages()) {
            String c = Pattern.quote(CellLanguage.commentOf(language));
            String prefix = "^" + S + "*(" + c + " |" + c + ")*(%|%%|%%%)[a-zA-Z]";
            RULES.put(language, new Rules(Pattern.compile(prefix),
                    Pattern.compile(prefix + "(.*)" + c + S + "*escape"),
                    Pattern.compile(prefix + "(.*)" + c + S + "*noescape")));
        }
        Rules generic = RULES.get("rust");
        // Rust magics start with ':' and C# magics with '#!'; jupytext (mistakenly) stores the
        // "noescape" pattern as their force-escape rule, which we keep for identical output.
        RULES.put("rust", new Rules(Pattern.compile("^(// |//)*:[a-zA-Z]"),
                Pattern.compile("^(// |//)*:[a-zA-Z](.*)//" + S + "*noescape"), generic.noEscape()));
        RULES.put("csharp", new Rules(Pattern.compile("^(// |//)*#![a-zA-Z]"),
                Pattern.compile("^(// |//)*#![a-zA-Z](.*)//" + S + "*noescape"), generic.noEscape()));
        Rules go = RULES.get("go");
        RULES.put("go", new Rules(Pattern.compile("^(// |//)*(!|!\\*|%|%%|%%%)[a-zA-Z]"), go.forceEscape(), go.noEscape()));
    }

    private static final Set<String> NEVER_MAGIC = Set.of("octave", "matlab", "sas", "jenner", "logtalk");

    private static final Pattern PYTHON_HELP_OR_BASH_CMD =
            Pattern.compile("^" + S + "*(?:(?:# |#)+" + S + "*)?(\\?|!)" + S + "*[A-Za-z.~$\\\\/{}]");
    private static final Pattern PYTHON_MAGIC_CMD = Pattern.compile(
            "^(# |#)*(cat|cd|cp|mv|rm|rmdir|mkdir|copy|ddir|echo|ls|ldir|mkdir|ren|rmdir)($|" + S + "$|" + S + "[^=,])");
    private static final Pattern IPYTHON_MAGIC_HELP = Pattern.compile("^" + S + "*(# )*" + NOT_S + "*\\?" + S + "*$");
    private static final Pattern PYTHON_MAGIC_ASSIGN = Pattern.compile(
            "^(# |#)*" + S + "*([a-zA-Z_][a-zA-Z_$0-9]*)" + S + "*=" + S + "*(%|%%|%%%|!)[a-zA-Z](.*)");

    private static final Pattern GO_DOUBLE_PERCENT_COMMAND = Pattern.compile("^(%%" + S + "*|%%" + S + "+-.*)$");
    private static final Pattern GO_DOUBLE_PERCENT_ESCAPE = Pattern.compile("^(//" + S + "*)*(%%" + S + "*$|%%" + S + "+-.*$)");

    private MagicCommenter() {
    }

    /**
     * {@code comment_magic(source, language, global_escape_flag)}, in place: prefixes each magic
     * line outside a string with the language's comment, after its indentation; a magic ending in
     * a backslash comments its continuation line too.
     */
    static void commentMagics(List<String> source, String language, boolean escapeFlag) {
        String usual = CellLanguage.usualName(language);
        if (NEVER_MAGIC.contains(usual) || !RULES.containsKey(usual)) {
            // is_magic is false for every line: nothing to do (and nothing quoted matters)
            return;
        }
        String comment = CellLanguage.commentOf(language) != null ? CellLanguage.commentOf(language) : CellLanguage.commentOf(usual);
        boolean python = language.equals("python");
        StringParser parser = new StringParser(language);
        boolean nextIsMagic = false;
        for (int i = 0; i < source.size(); i++) {
            String line = source.get(i);
            if (!parser.isQuoted() && (nextIsMagic || isMagic(line, usual, escapeFlag))) {
                if (nextIsMagic) {
                    source.set(i, comment + " " + line);
                } else {
                    int indent = PythonStrings.leadingSpace(line);
                    source.set(i, line.substring(0, indent) + comment + " " + line.substring(indent));
                }
                nextIsMagic = python && endsWithContinuation(line);
            }
            parser.readLine(line);
        }
    }

    /** {@code is_magic(line, language, global_escape_flag, explicitly_code=True)}, language already usual. */
    private static boolean isMagic(String line, String language, boolean escapeFlag) {
        Rules rules = RULES.get(language);
        boolean percent = line.indexOf('%') >= 0;
        boolean mayEscape = line.contains("escape");
        if (mayEscape && rules.forceEscape().matcher(line).lookingAt()) {
            return true;
        }
        if (!escapeFlag || (mayEscape && rules.noEscape().matcher(line).lookingAt())) {
            return false;
        }
        if (!language.equals("python")) {
            return rules.magic().matcher(line).lookingAt();
        }
        if (percent && isPythonMagic(line)) {
            return true;
        }
        boolean question = line.indexOf('?') >= 0;
        boolean bang = line.indexOf('!') >= 0;
        if ((question || bang) && PYTHON_HELP_OR_BASH_CMD.matcher(line).lookingAt()) {
            return true;
        }
        if ((percent || bang) && line.indexOf('=') >= 0 && PYTHON_MAGIC_ASSIGN.matcher(line).lookingAt()) {
            return true;
        }
        if (question && IPYTHON_MAGIC_HELP.matcher(line).lookingAt()) {
            return true;
        }
        return !line.isEmpty() && "#cmreld".indexOf(line.charAt(0)) >= 0 && PYTHON_MAGIC_CMD.matcher(line).lookingAt();
    }

    /**
     * {@code _MAGIC_RE["python"]}, {@code ^\\s*(# |#)*(%|%%|%%%)[a-zA-Z]}, without the regex engine:
     * the hottest rule, tried on every line holding a '%'.
     */
    private static boolean isPythonMagic(String line) {
        int i = PythonStrings.leadingSpace(line);
        int n = line.length();
        while (i < n && line.charAt(i) == '#') {
            i++;
            if (i < n && line.charAt(i) == ' ') {
                i++;
            }
        }
        int percents = 0;
        while (i < n && line.charAt(i) == '%') {
            i++;
            percents++;
        }
        if (percents < 1 || percents > 3 || i >= n) {
            return false;
        }
        char c = line.charAt(i);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** {@code _LINE_CONTINUATION_RE}: the line ends with a backslash and optional whitespace. */
    private static boolean endsWithContinuation(String line) {
        int end = line.length();
        while (end > 0 && PythonStrings.isSpace(line.charAt(end - 1))) {
            end--;
        }
        return end > 0 && line.charAt(end - 1) == '\\';
    }

    /** Go notebooks' {@code %%} and {@code %% -args} commands, which are not cell magics. */
    static boolean isGoDoublePercentCommand(String line) {
        return line.startsWith("%%") && GO_DOUBLE_PERCENT_COMMAND.matcher(line).matches();
    }

    /** Go notebooks escape those commands as {@code //gonb:%%} so they survive as code. */
    static String escapeGoDoublePercent(String line) {
        if (line.indexOf("%%") < 0) {
            return line;
        }
        Matcher m = GO_DOUBLE_PERCENT_ESCAPE.matcher(line);
        if (!m.lookingAt()) {
            return line;
        }
        String comments = m.group(1) == null ? "" : m.group(1);
        return comments + "//gonb:" + m.group(2) + line.substring(m.end());
    }
}
