package dev.jupyship.notebook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into plain ordered maps and lists, and writes it back the way Python's {@code json}
 * module writes it (which is how nbformat, and so JupyterLab, saves notebooks).
 *
 * <p>Values are {@code Map<String, Object>} (insertion-ordered), {@code List<Object>},
 * {@link String}, {@link Boolean}, {@link JsonNumber} and {@code null}. Key order is kept as read:
 * a file saved by Jupyter is already sorted, so it comes back sorted and byte-identical.
 */
public final class NotebookJson {

    private static final JsonFactory FACTORY = new StringSkippingJsonFactory(new JsonFactoryBuilder()
            // Notebooks carry base64 images and long outputs: allow long strings, keep nesting bounded.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE / 2)
                    .maxNestingDepth(500)
                    .build()));

    private NotebookJson() {
    }

    /** Parses JSON text; {@code source} names the file in error messages. */
    public static Object parse(byte[] bytes, String source) {
        return parse(bytes, source, false);
    }

    /**
     * Parses a notebook's JSON without its cells' outputs (each read as an empty list), for readers
     * that never look at them: outputs are most of a notebook's bytes, and are still checked to be
     * JSON, only not turned into strings and maps.
     */
    static Object parseWithoutOutputs(byte[] bytes, String source) {
        return parse(bytes, source, true);
    }

    private static Object parse(byte[] bytes, String source, boolean withoutOutputs) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new NotebookFormatException(source + ": the file is empty, not a notebook");
            }
            Object value = withoutOutputs && first == JsonToken.START_OBJECT ? readNotebookWithoutOutputs(parser) : readValue(parser);
            if (parser.nextToken() != null) {
                throw new NotebookFormatException(String.format("%s: invalid JSON at line %d, column %d: unexpected text after the end of the notebook",
                        source, parser.currentLocation().getLineNr(), parser.currentLocation().getColumnNr()));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new NotebookFormatException(describe(e, source), e);
        } catch (CharConversionException e) {
            throw new NotebookFormatException(source + ": not UTF-8 text (is it a binary file?)", e);
        } catch (IOException e) {
            throw new NotebookFormatException(source + ": cannot read JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The problem and its place, in words of our own: the parser's message quotes the text it met
     * ("Unrecognized token 'root'"), which, for a file that is not a notebook, is the file's content.
     */
    private static String describe(JsonProcessingException e, String source) {
        var location = e.getLocation();
        String what = problem(e);
        if (location == null || location.getLineNr() < 0) {
            return source + ": invalid JSON: " + what;
        }
        return String.format("%s: invalid JSON at line %d, column %d: %s", source, location.getLineNr(), location.getColumnNr(), what);
    }

    private static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e instanceof JsonEOFException || message.startsWith("Unexpected end-of-input")) {
            return "the file ends in the middle of the JSON (truncated?)";
        }
        if (message.contains("UTF-8") || message.contains("UTF8")) {
            return "not UTF-8 text (is it a binary file?)";
        }
        if (message.startsWith("Unrecognized token")) {
            return "a word that is not JSON (only true, false and null are)";
        }
        if (message.startsWith("Illegal unquoted character")) {
            return "a control character inside a string (it must be escaped)";
        }
        if (message.startsWith("Unexpected close marker")) {
            return "a closing bracket that does not match the one opened";
        }
        if (message.startsWith("Unexpected character") || message.startsWith("Illegal character")) {
            return "a character that JSON does not allow there";
        }
        if (message.contains("nesting depth")) {
            return "brackets nested too deep";
        }
        if (message.contains("umeric value") || message.contains("number")) {
            return "a malformed or too long number";
        }
        return "text that is not valid JSON";
    }

    /** The notebook object, its {@code cells} read cell by cell with each {@code outputs} array skipped. */
    private static Map<String, Object> readNotebookWithoutOutputs(JsonParser parser) throws IOException {
        Map<String, Object> notebook = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY && key.equals("cells")) {
                List<Object> cells = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    cells.add(parser.currentToken() == JsonToken.START_OBJECT ? readCellWithoutOutputs(parser) : readValue(parser));
                }
                notebook.put(key, cells);
            } else {
                notebook.put(key, readValue(parser));
            }
        }
        return notebook;
    }

    private static Map<String, Object> readCellWithoutOutputs(JsonParser parser) throws IOException {
        Map<String, Object> cell = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY && key.equals("outputs")) {
                parser.skipChildren();
                cell.put(key, new ArrayList<>());
            } else {
                cell.put(key, readValue(parser));
            }
        }
        return cell;
    }

    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, readValue(parser));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(parser));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new JsonNumber(parser.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new NotebookFormatException("unexpected JSON token " + token);
        }
    }

    /** Writes a value as Python's {@code json.dumps} would with the given style. */
    public static byte[] write(Object value, JsonStyle style) {
        StringBuilder out = new StringBuilder(4096);
        new Writer(out, style).value(value, 0);
        if (style.finalNewline()) {
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * A JSON string as Python's {@code json} module writes it ({@code encode_basestring}, or
     * {@code encode_basestring_ascii} when {@code ensureAscii}), appended to {@code out}.
     */
    public static void appendString(StringBuilder out, String s, boolean ensureAscii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Writer {
        private final StringBuilder out;
        private final JsonStyle style;

        Writer(StringBuilder out, JsonStyle style) {
            this.out = out;
            this.style = style;
        }

        @SuppressWarnings("unchecked")
        void value(Object value, int level) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof String s) {
                string(s);
            } else if (value instanceof Map<?, ?> map) {
                object((Map<String, Object>) map, level);
            } else if (value instanceof List<?> list) {
                array(list, level);
            } else if (value instanceof Boolean b) {
                out.append(b ? "true" : "false");
            } else if (value instanceof JsonNumber n) {
                out.append(n.lexeme());
            } else if (value instanceof Number n) {
                out.append(n);
            } else {
                throw new IllegalArgumentException("not a JSON value: " + value.getClass());
            }
        }

        private void object(Map<String, Object> map, int level) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            Iterator<Map.Entry<String, Object>> entries = map.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<String, Object> entry = entries.next();
                newline(level + 1);
                string(entry.getKey());
                out.append(": ");
                value(entry.getValue(), level + 1);
                if (entries.hasNext()) {
                    out.append(style.indent() < 0 ? ", " : ",");
                }
            }
            newline(level);
            out.append('}');
        }

        private void array(List<?> list, int level) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                newline(level + 1);
                value(list.get(i), level + 1);
                if (i + 1 < list.size()) {
                    out.append(style.indent() < 0 ? ", " : ",");
                }
            }
            newline(level);
            out.append(']');
        }

        private void newline(int level) {
            if (style.indent() < 0) {
                return;
            }
            out.append('\n');
            for (int i = level * style.indent(); i > 0; i--) {
                out.append(' ');
            }
        }

        private void string(String s) {
            appendString(out, s, style.ensureAscii());
        }
    }
}
