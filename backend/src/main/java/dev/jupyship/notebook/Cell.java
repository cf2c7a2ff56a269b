package dev.jupyship.notebook;

import java.util.List;
import java.util.Map;

/**
 * One cell of a notebook: a typed view over its JSON object, which stays the single source of
 * truth (so unknown fields survive). {@link #index()} counts every cell, markdown included, which
 * is what JupyterLab's notebook model uses to address a cell.
 */
public final class Cell {

    private final Map<String, Object> json;
    private final int index;

    private Cell(Map<String, Object> json, int index) {
        this.json = json;
        this.index = index;
    }

    @SuppressWarnings("unchecked")
    static Cell of(Object value, int index, String notebook) {
        if (!(value instanceof Map)) {
            throw new NotebookFormatException(String.format("%s: cell %d is not a JSON object", notebook, index));
        }
        Map<String, Object> json = (Map<String, Object>) value;
        Object type = json.get("cell_type");
        if (!(type instanceof String)) {
            throw new NotebookFormatException(String.format("%s: cell %d has no \"cell_type\"", notebook, index));
        }
        Object source = json.get("source");
        if (!(source instanceof String) && !isListOfStrings(source)) {
            throw new NotebookFormatException(String.format("%s: cell %d (%s): \"source\" is %s, not text",
                    notebook, index, type, source == null ? "missing" : "not a string or a list of strings"));
        }
        Object metadata = json.get("metadata");
        if (metadata != null && !(metadata instanceof Map)) {
            throw new NotebookFormatException(String.format("%s: cell %d (%s): \"metadata\" is not an object", notebook, index, type));
        }
        return new Cell(json, index);
    }

    private static boolean isListOfStrings(Object value) {
        if (!(value instanceof List<?> list)) {
            return false;
        }
        for (Object item : list) {
            if (!(item instanceof String)) {
                return false;
            }
        }
        return true;
    }

    public int index() {
        return index;
    }

    /** {@code code}, {@code markdown} or {@code raw} (or whatever a newer nbformat may add). */
    public String type() {
        return (String) json.get("cell_type");
    }

    public boolean isCode() {
        return "code".equals(type());
    }

    /** The cell id (nbformat 4.5 and later), or null. */
    public String id() {
        return json.get("id") instanceof String id ? id : null;
    }

    /** The source as one string, whether the file stores it as a string or as a list of lines. */
    public String source() {
        Object source = json.get("source");
        if (source instanceof String s) {
            return s;
        }
        List<?> lines = (List<?>) source;
        if (lines.size() == 1) {
            return (String) lines.get(0);
        }
        StringBuilder joined = new StringBuilder();
        for (Object line : lines) {
            joined.append((String) line);
        }
        return joined.toString();
    }

    /** Replaces the source, keeping the form (string or list of lines) the file used. */
    public void setSource(String source) {
        json.put("source", json.get("source") instanceof String ? source : PythonText.splitLinesKeepEnds(source));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> metadata() {
        Object metadata = json.get("metadata");
        return metadata == null ? Map.of() : (Map<String, Object>) metadata;
    }

    /** The cell's tags ({@code metadata.tags}), empty when it has none. */
    public List<String> tags() {
        Object tags = metadata().get("tags");
        if (!(tags instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    /** The execution count of a code cell, or null when it never ran (or is not code). */
    public Integer executionCount() {
        return json.get("execution_count") instanceof JsonNumber n && n.isInt() ? (int) n.longValue() : null;
    }

    /** The outputs of a code cell, empty for other cells. */
    @SuppressWarnings("unchecked")
    public List<Object> outputs() {
        return json.get("outputs") instanceof List<?> list ? (List<Object>) list : List.of();
    }

    /** The cell's JSON object, live. */
    public Map<String, Object> json() {
        return json;
    }
}
