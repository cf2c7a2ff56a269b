package dev.jupyship.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hides IPython syntax from the Python parser without moving anything: each masked part is
 * replaced by text of the same length (so every offset, line and column of the remaining code is
 * still right) and reported as a {@link MaskedLine}.
 *
 * <p>A statement-position magic, shell escape, help or automagic line becomes {@code 0} followed by
 * spaces: an expression statement, so a magic that is the only statement of a block keeps the
 * block valid. The right side of {@code x = !cmd} becomes {@code 0...} too, so {@code x} stays
 * bound. A cell magic's first line becomes spaces; the body of a cell magic that is not Python
 * ({@code %%bash}, {@code %%html}, {@code %%writefile}, ...) becomes spaces as well.
 *
 * <p>Only lines that start a logical line are looked at: a {@code %} or {@code !} at the start of a
 * line inside a string, inside brackets or after a backslash continuation is Python.
 *
 * <p>Automagic (a magic called without {@code %}) is recognised for well-known magics only, and only
 * when the line cannot be Python: the name is followed by a space and a word, path or option
 * ({@code pip install x}, {@code cd ..}), not by an operator ({@code ls -la} stays Python, as
 * IPython's own static transforms leave it).
 */
public final class IPythonMasking {

    /** Cell magics whose body is Python run in the kernel's namespace (ruff lints these cells too). */
    public static final Set<String> PYTHON_CELL_MAGICS = Set.of("time", "timeit", "capture", "prun", "debug", "python", "python3",
            "pypy");

    private static final Set<String> AUTOMAGICS = Set.of("pip", "conda", "mamba", "cd", "ls", "pwd", "cat", "cp", "mv", "rm", "mkdir",
            "rmdir", "env", "set_env", "load_ext", "reload_ext", "unload_ext", "matplotlib", "pylab", "run", "time", "timeit", "who",
            "whos", "who_ls", "reset", "history", "autoreload", "aimport", "store", "config", "load", "save", "sx", "system",
            "bookmark", "alias", "unalias", "precision", "xmode", "pdb", "debug", "prun", "lsmagic", "magic", "autosave",
            "tensorflow_version", "clear", "less", "more", "man", "ldir", "lf", "ll", "lk", "lx", "rehashx", "dhist", "dirs",
            "popd", "pushd", "psearch", "pinfo", "pinfo2", "pdef", "pdoc", "psource", "pfile", "edit", "notebook", "killbgscripts");

    private IPythonMasking() {
    }

    /** The result: Python text of the same length as the cell, and what was masked. */
    public record Masked(String python, List<MaskedLine> maskedLines) {

        /** The cell magic of the first line, or null. */
        public MaskedLine cellMagic() {
            return maskedLines.isEmpty() || maskedLines.get(0).kind() != MaskedLine.Kind.CELL_MAGIC ? null : maskedLines.get(0);
        }

        /** True when the whole cell is another language under a cell magic ({@code %%bash}, ...). */
        public boolean notPython() {
            return maskedLines.stream().anyMatch(m -> m.kind() == MaskedLine.Kind.CELL_MAGIC_BODY);
        }
    }

    public static Masked mask(String cell) {
        return new Masking(cell).run();
    }

    /** The name of a cell magic ({@code bash} for {@code %%bash -s x}), or null when the cell has none. */
    public static String cellMagicName(String cell) {
        int i = 0;
        while (i < cell.length() && (cell.charAt(i) == ' ' || cell.charAt(i) == '\t')) {
            i++;
        }
        if (!cell.startsWith("%%", i)) {
            return null;
        }
        int start = i + 2;
        int end = start;
        while (end < cell.length() && !Character.isWhitespace(cell.charAt(end))) {
            end++;
        }
        return cell.substring(start, end);
    }

    private static final class Masking {
        private final String src;
        private final char[] out;
        private final int[] lineStarts;
        private final List<MaskedLine> masked = new ArrayList<>();
        private final PythonTokenizer positions;

        Masking(String src) {
            this.src = src;
            this.out = src.toCharArray();
            this.lineStarts = SourceCursor.lineStarts(src);
            this.positions = new PythonTokenizer(src);
        }

        Masked run() {
            int line = 0;
            String magic = cellMagicName(src);
            if (magic != null) {
                int headerEnd = lineEnd(0);
                record(MaskedLine.Kind.CELL_MAGIC, 0, headerEnd);
                if (!PYTHON_CELL_MAGICS.contains(magic)) {
                    int bodyStart = lineStarts.length > 1 ? lineStarts[1] : src.length();
                    if (bodyStart < src.length()) {
                        record(MaskedLine.Kind.CELL_MAGIC_BODY, bodyStart, src.length());
                    }
                    return result();
                }
                line = 1;
            }
            // a small lexer: only strings, brackets, comments and continuations matter here
            int depth = 0;
            char quote = 0;
            boolean tripleQuoted = false;
            boolean continued = false;
            for (; line < lineStarts.length; line++) {
                int start = lineStarts[line];
                int end = lineEnd(line);
                if (quote == 0 && depth == 0 && !continued) {
                    int magicEnd = maskIfIPython(line, start, end);
                    if (magicEnd >= 0) {
                        while (line + 1 < lineStarts.length && lineStarts[line + 1] <= magicEnd) {
                            line++;
                        }
                        continue;
                    }
                }
                continued = false;
                for (int i = start; i < end; i++) {
                    char c = src.charAt(i);
                    if (quote != 0) {
                        if (c == '\\') {
                            i++;
                        } else if (c == quote && (!tripleQuoted || isTripleQuote(i))) {
                            i += tripleQuoted ? 2 : 0;
                            quote = 0;
                        }
                        continue;
                    }
                    if (c == '#') {
                        break;
                    } else if (c == '"' || c == '\'') {
                        quote = c;
                        tripleQuoted = isTripleQuote(i);
                        i += tripleQuoted ? 2 : 0;
                    } else if (c == '(' || c == '[' || c == '{') {
                        depth++;
                    } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                        depth--;
                    } else if (c == '\\' && i == end - 1) {
                        continued = true;
                    }
                }
                if (quote != 0 && !tripleQuoted) {
                    quote = 0; // an unterminated one-line string ends at the line end
                }
            }
            return result();
        }

        private boolean isTripleQuote(int i) {
            return i + 2 < src.length() && src.charAt(i + 1) == src.charAt(i) && src.charAt(i + 2) == src.charAt(i);
        }

        /** Masks the logical line at {@code line} if it is IPython syntax; returns where the masked text ends, or -1. */
        private int maskIfIPython(int line, int start, int end) {
            int i = start;
            while (i < end && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
                i++;
            }
            if (i >= end) {
                return -1;
            }
            char c = src.charAt(i);
            String rest = src.substring(i, end);
            if (c == '!' || c == '%' || c == '/' || c == ',' || c == ';' || (c == '?' && rest.length() > 1)) {
                MaskedLine.Kind kind = switch (c) {
                    case '!' -> MaskedLine.Kind.SHELL;
                    case '%' -> MaskedLine.Kind.LINE_MAGIC;
                    case '?' -> MaskedLine.Kind.HELP;
                    default -> MaskedLine.Kind.AUTOCALL;
                };
                return maskStatement(kind, i, line);
            }
            if (isHelpRequest(rest)) {
                return maskStatement(MaskedLine.Kind.HELP, i, line);
            }
            int assigned = magicAssignmentValue(i, end);
            if (assigned >= 0) {
                return maskStatement(src.charAt(assigned) == '!' ? MaskedLine.Kind.SHELL_ASSIGN : MaskedLine.Kind.MAGIC_ASSIGN,
                        assigned, line);
            }
            if (isAutomagic(rest)) {
                return maskStatement(MaskedLine.Kind.AUTOMAGIC, i, line);
            }
            return -1;
        }

        /** Masks from {@code from} to the end of the line and its backslash continuations. */
        private int maskStatement(MaskedLine.Kind kind, int from, int line) {
            int end = lineEnd(line);
            while (end > from && src.charAt(end - 1) == '\\' && line + 1 < lineStarts.length) {
                line++;
                end = lineEnd(line);
            }
            record(kind, from, end);
            out[from] = '0';
            return end;
        }

        private void record(MaskedLine.Kind kind, int from, int to) {
            for (int i = from; i < to; i++) {
                if (out[i] != '\n' && out[i] != '\r') {
                    out[i] = ' ';
                }
            }
            Span span = positions.span(from, to);
            masked.add(new MaskedLine(kind, span.startLine(), span, src.substring(from, to)));
        }

        /** {@code x = !cmd}, {@code a, b = %magic args}: the offset of the '!' or '%', or -1. */
        private int magicAssignmentValue(int from, int end) {
            int i = from;
            while (i < end) {
                char c = src.charAt(i);
                if (c == '=') {
                    break;
                }
                if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ',' || c == ' ' || c == '\t' || c == '['
                        || c == ']' || c == '(' || c == ')' || c == '*')) {
                    return -1;
                }
                i++;
            }
            if (i == from || i >= end || (i + 1 < end && src.charAt(i + 1) == '=')) {
                return -1;
            }
            i++;
            while (i < end && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
                i++;
            }
            if (i + 1 < end && src.charAt(i) == '!' && src.charAt(i + 1) != '=') {
                return i;
            }
            if (i + 1 < end && src.charAt(i) == '%' && (Character.isLetter(src.charAt(i + 1)) || src.charAt(i + 1) == '%')) {
                return i;
            }
            return -1;
        }

        /** {@code obj?}, {@code np.*load*??}, {@code %magic?}: a dotted name, then one or two '?'. */
        private static boolean isHelpRequest(String line) {
            String text = line.strip();
            if (!text.endsWith("?")) {
                return false;
            }
            String name = text.endsWith("??") ? text.substring(0, text.length() - 2) : text.substring(0, text.length() - 1);
            name = name.startsWith("%%") ? name.substring(2) : name.startsWith("%") ? name.substring(1) : name;
            if (name.isEmpty() || Character.isDigit(name.charAt(0)) || name.charAt(0) == '.') {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '*')) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isAutomagic(String line) {
            int end = 0;
            while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
                end++;
            }
            if (end == 0 || end >= line.length() || !AUTOMAGICS.contains(line.substring(0, end))) {
                return false;
            }
            if (line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                return false;
            }
            String args = line.substring(end).strip();
            if (args.isEmpty()) {
                return false;
            }
            char first = args.charAt(0);
            if (first == '-') {
                // `ls -la` is valid Python; `pip --version` and `cd -` are not
                return args.startsWith("--") || args.equals("-");
            }
            if (args.startsWith("..") || first == '/' || first == '~' || first == '$') {
                return true;
            }
            if (!(Character.isLetterOrDigit(first) || first == '_')) {
                return false;
            }
            int word = 0;
            while (word < args.length() && (Character.isLetterOrDigit(args.charAt(word)) || args.charAt(word) == '_')) {
                word++;
            }
            // `print x` style: a second word makes it invalid Python, unless that word is an operator keyword
            return !Set.of("if", "else", "and", "or", "in", "is", "not", "for", "as").contains(args.substring(0, word));
        }

        private int lineEnd(int line) {
            int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : src.length();
            while (end > lineStarts[line] && (src.charAt(end - 1) == '\n' || src.charAt(end - 1) == '\r')) {
                end--;
            }
            return end;
        }

        private Masked result() {
            return new Masked(new String(out), List.copyOf(masked));
        }
    }
}
