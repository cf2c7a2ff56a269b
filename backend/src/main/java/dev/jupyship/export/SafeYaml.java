package dev.jupyship.export;

import static dev.jupyship.export.YamlScalars.analyze;
import static dev.jupyship.export.YamlScalars.isBreak;
import static dev.jupyship.export.YamlScalars.representation;
import static dev.jupyship.export.YamlScalars.resolvesToString;

import dev.jupyship.export.YamlScalars.Analysis;
import dev.jupyship.json.CodePointOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * PyYAML's {@code yaml.safe_dump(data, default_flow_style=False)} for JSON values, which is how
 * jupytext writes the notebook metadata header: keys sorted, block style, empty collections as
 * {@code []}/{@code {}}, strings that would read back as another type quoted ({@code '1.3'}),
 * non-ASCII escaped in double quotes, long scalars folded at 80 columns. A port of the parts of
 * PyYAML's emitter, representer and resolver these values reach; no YAML library needed. What
 * a scalar allows is decided in {@link YamlScalars}.
 */
final class SafeYaml {

    private static final int BEST_INDENT = 2;
    private static final int BEST_WIDTH = 80;

    private final StringBuilder out = new StringBuilder();
    private final Deque<Integer> indents = new ArrayDeque<>();
    private Integer indent;
    private int flowLevel;
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;
    private boolean mappingContext;
    private boolean simpleKeyContext;

    private SafeYaml() {
    }

    /** The YAML text of {@code value} (a map, as jupytext dumps), ending with a newline. */
    static String dump(Object value) {
        SafeYaml emitter = new SafeYaml();
        emitter.node(value, false, false);
        emitter.writeLineBreak(); // document end
        return emitter.out.toString();
    }

    // ---------------------------------------------------------------- nodes

    @SuppressWarnings("unchecked")
    private void node(Object value, boolean mapping, boolean simpleKey) {
        this.mappingContext = mapping;
        this.simpleKeyContext = simpleKey;
        if (value instanceof Map<?, ?> map) {
            if (flowLevel > 0 || map.isEmpty()) {
                writeIndicator("{", true, true, false);
                writeIndicator("}", false, false, false);
            } else {
                blockMapping((Map<String, Object>) map);
            }
        } else if (value instanceof List<?> list) {
            if (flowLevel > 0 || list.isEmpty()) {
                writeIndicator("[", true, true, false);
                writeIndicator("]", false, false, false);
            } else {
                blockSequence(list);
            }
        } else {
            scalar(value);
        }
    }

    private void blockSequence(List<?> list) {
        boolean indentless = mappingContext && !indention;
        increaseIndent(indentless);
        for (Object item : list) {
            writeIndent();
            writeIndicator("-", true, false, true);
            node(item, false, false);
        }
        popIndent();
    }

    private void blockMapping(Map<String, Object> map) {
        increaseIndent(false);
        List<String> keys = new ArrayList<>(map.keySet());
        keys.sort(CodePointOrder.ORDER); // as Python sorts str keys
        for (String key : keys) {
            writeIndent();
            if (isSimpleKey(key)) {
                node(key, true, true);
                writeIndicator(":", false, false, false);
            } else {
                writeIndicator("?", true, false, true);
                node(key, true, false);
                writeIndent();
                writeIndicator(":", true, false, true);
            }
            node(map.get(key), true, false);
        }
        popIndent();
    }

    private boolean isSimpleKey(String key) {
        int[] text = key.codePoints().toArray();
        Analysis analysis = analyze(text);
        return text.length < 128 && !analysis.empty && !analysis.multiline;
    }

    private void popIndent() {
        int previous = indents.pop();
        indent = previous < 0 ? null : previous;
    }

    private void increaseIndent(boolean indentless) {
        indents.push(indent == null ? -1 : indent);
        if (indent == null) {
            indent = 0;
        } else if (!indentless) {
            indent += BEST_INDENT;
        }
    }

    // ---------------------------------------------------------------- scalars

    private void scalar(Object value) {
        String text;
        boolean implicitPlain;
        if (value instanceof String s) {
            text = s;
            implicitPlain = resolvesToString(s);
        } else {
            text = representation(value);
            implicitPlain = true;
        }
        int[] cps = text.codePoints().toArray();
        Analysis analysis = analyze(cps);
        boolean split = !simpleKeyContext;
        char style = chooseStyle(analysis, implicitPlain);
        // expect_scalar: a scalar's continuation lines are indented one level further
        indents.push(indent == null ? -1 : indent);
        indent = indent == null ? BEST_INDENT : indent + BEST_INDENT;
        if (style == '"') {
            writeDoubleQuoted(cps, split);
        } else if (style == '\'') {
            writeSingleQuoted(cps, split);
        } else {
            writePlain(cps, split);
        }
        popIndent();
    }


    private char chooseStyle(Analysis analysis, boolean implicitPlain) {
        if (implicitPlain && !(simpleKeyContext && (analysis.empty || analysis.multiline))
                && ((flowLevel > 0 && analysis.allowFlowPlain) || (flowLevel == 0 && analysis.allowBlockPlain))) {
            return ' ';
        }
        if (analysis.allowSingleQuoted && !(simpleKeyContext && analysis.multiline)) {
            return '\'';
        }
        return '"';
    }

    // ---------------------------------------------------------------- writers

    private void write(String data) {
        out.append(data);
        column += data.codePointCount(0, data.length());
    }

    private void write(int[] text, int start, int end) {
        for (int i = start; i < end; i++) {
            out.appendCodePoint(text[i]);
        }
        column += end - start;
    }

    private void writeIndicator(String indicator, boolean needWhitespace, boolean whitespaceAfter, boolean indentionAfter) {
        String data = whitespace || !needWhitespace ? indicator : " " + indicator;
        whitespace = whitespaceAfter;
        indention = indention && indentionAfter;
        write(data);
    }

    private void writeIndent() {
        int current = indent == null ? 0 : indent;
        if (!indention || column > current || (column == current && !whitespace)) {
            writeLineBreak();
        }
        if (column < current) {
            whitespace = true;
            out.append(" ".repeat(current - column));
            column = current;
        }
    }

    private void writeLineBreak() {
        writeLineBreak('\n');
    }

    private void writeLineBreak(int c) {
        whitespace = true;
        indention = true;
        column = 0;
        out.appendCodePoint(c);
    }

    private void writeBreaks(int[] text, int start, int end) {
        if (text[start] == '\n') {
            writeLineBreak();
        }
        for (int i = start; i < end; i++) {
            writeLineBreak(text[i]);
        }
        writeIndent();
    }

    private void writePlain(int[] text, boolean split) {
        if (text.length == 0) {
            return;
        }
        if (!whitespace) {
            write(" ");
        }
        whitespace = false;
        indention = false;
        boolean spaces = false;
        boolean breaks = false;
        int start = 0;
        for (int end = 0; end <= text.length; end++) {
            int ch = end < text.length ? text[end] : -1;
            if (spaces) {
                if (ch != ' ') {
                    if (start + 1 == end && column > BEST_WIDTH && split) {
                        writeIndent();
                        whitespace = false;
                        indention = false;
                    } else {
                        write(text, start, end);
                    }
                    start = end;
                }
            } else if (breaks) {
                if (!isBreak(ch)) {
                    writeBreaks(text, start, end);
                    whitespace = false;
                    indention = false;
                    start = end;
                }
            } else if (ch == -1 || ch == ' ' || isBreak(ch)) {
                write(text, start, end);
                start = end;
            }
            if (ch != -1) {
                spaces = ch == ' ';
                breaks = isBreak(ch);
            }
        }
    }

    private void writeSingleQuoted(int[] text, boolean split) {
        writeIndicator("'", true, false, false);
        boolean spaces = false;
        boolean breaks = false;
        int start = 0;
        for (int end = 0; end <= text.length; end++) {
            int ch = end < text.length ? text[end] : -1;
            if (spaces) {
                if (ch != ' ') {
                    if (start + 1 == end && column > BEST_WIDTH && split && start != 0 && end != text.length) {
                        writeIndent();
                    } else {
                        write(text, start, end);
                    }
                    start = end;
                }
            } else if (breaks) {
                if (ch == -1 || !isBreak(ch)) {
                    writeBreaks(text, start, end);
                    start = end;
                }
            } else if (ch == -1 || ch == ' ' || isBreak(ch) || ch == '\'') {
                if (start < end) {
                    write(text, start, end);
                    start = end;
                }
            }
            if (ch == '\'') {
                write("''");
                start = end + 1;
            }
            if (ch != -1) {
                spaces = ch == ' ';
                breaks = isBreak(ch);
            }
        }
        writeIndicator("'", false, false, false);
    }

    private static String escape(int ch) {
        return switch (ch) {
            case 0 -> "0";
            case 0x07 -> "a";
            case 0x08 -> "b";
            case 0x09 -> "t";
            case 0x0a -> "n";
            case 0x0b -> "v";
            case 0x0c -> "f";
            case 0x0d -> "r";
            case 0x1b -> "e";
            case '"' -> "\"";
            case '\\' -> "\\";
            case 0x85 -> "N";
            case 0xa0 -> "_";
            case 0x2028 -> "L";
            case 0x2029 -> "P";
            default -> null;
        };
    }

    private void writeDoubleQuoted(int[] text, boolean split) {
        writeIndicator("\"", true, false, false);
        int start = 0;
        for (int end = 0; end <= text.length; end++) {
            int ch = end < text.length ? text[end] : -1;
            if (ch == -1 || ch == '"' || ch == '\\' || ch == 0x85 || ch == 0x2028 || ch == 0x2029 || ch == 0xfeff
                    || !(ch >= 0x20 && ch <= 0x7e)) {
                if (start < end) {
                    write(text, start, end);
                    start = end;
                }
                if (ch != -1) {
                    String replacement = escape(ch);
                    String data;
                    if (replacement != null) {
                        data = "\\" + replacement;
                    } else if (ch <= 0xff) {
                        data = String.format("\\x%02X", ch);
                    } else if (ch <= 0xffff) {
                        data = String.format("\\u%04X", ch);
                    } else {
                        data = String.format("\\U%08X", ch);
                    }
                    write(data);
                    start = end + 1;
                }
            }
            if (end > 0 && end < text.length - 1 && (ch == ' ' || start >= end)
                    && column + (end - start) > BEST_WIDTH && split) {
                write(text, start, end);
                write("\\");
                if (start < end) {
                    start = end;
                }
                writeIndent();
                whitespace = false;
                indention = false;
                if (text[start] == ' ') {
                    write("\\");
                }
            }
        }
        writeIndicator("\"", false, false, false);
    }
}
