package dev.jupyship.notebook;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading a code cell's saved outputs (nbformat 4): their kinds, sizes and text. */
public final class Outputs {

    public static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp", "image/bmp");

    private Outputs() {
    }

    public static String type(Object output) {
        return output instanceof Map<?, ?> map && map.get("output_type") instanceof String type ? type : "";
    }

    public static boolean isError(Object output) {
        return type(output).equals("error");
    }

    /** Characters of an output's data and text, images included or not. */
    public static long size(Object output, boolean images) {
        if (!(output instanceof Map<?, ?> map)) {
            return 0;
        }
        long size = images ? 0 : textLength(map.get("text"));
        if (map.get("data") instanceof Map<?, ?> data) {
            for (Map.Entry<?, ?> entry : data.entrySet()) {
                if (images == IMAGE_TYPES.contains(String.valueOf(entry.getKey()))) {
                    size += textLength(entry.getValue());
                }
            }
        }
        if (!images && map.get("traceback") instanceof List<?> traceback) {
            size += textLength(traceback);
        }
        return size;
    }

    /** Every piece of text a person could read in the output (stream text, plain/HTML/JSON data, tracebacks). */
    public static String text(Object output) {
        if (!(output instanceof Map<?, ?> map)) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        append(text, map.get("text"));
        if (map.get("data") instanceof Map<?, ?> data) {
            data.forEach((type, value) -> {
                if (!IMAGE_TYPES.contains(String.valueOf(type))) {
                    append(text, value);
                }
            });
        }
        append(text, map.get("evalue"));
        return text.toString();
    }

    private static void append(StringBuilder text, Object value) {
        if (value instanceof String s) {
            text.append(s).append('\n');
        } else if (value instanceof List<?> list) {
            list.forEach(item -> append(text, item));
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(item -> append(text, item));
        }
    }

    private static long textLength(Object value) {
        if (value instanceof String s) {
            return s.length();
        }
        long length = 0;
        if (value instanceof List<?> list) {
            for (Object item : list) {
                length += textLength(item);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Object item : map.values()) {
                length += textLength(item);
            }
        }
        return length;
    }

    public static long imageBytes(Cell cell) {
        long total = 0;
        for (Object output : cell.outputs()) {
            total += size(output, true);
        }
        // base64: four characters carry three bytes
        return total * 3 / 4;
    }
}
