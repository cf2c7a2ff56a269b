package dev.jupyship.notebook;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for the plain-map JSON model of {@link NotebookJson}. */
public final class Json {

    private Json() {
    }

    /** Follows object keys; null as soon as one is missing or a value on the way is not an object. */
    public static Object path(Object root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /**
     * Puts a key the way nbformat would have written it: an existing key keeps its place; a new key
     * goes where sorting puts it when the object's keys are sorted (Jupyter sorts them), at the end
     * otherwise, so a file written back differs only by what was added.
     */
    public static void putInOrder(Map<String, Object> object, String key, Object value) {
        if (object.containsKey(key) || !isSorted(object.keySet())) {
            object.put(key, value);
            return;
        }
        Map<String, Object> entries = new LinkedHashMap<>(object);
        object.clear();
        boolean placed = false;
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            if (!placed && entry.getKey().compareTo(key) > 0) {
                object.put(key, value);
                placed = true;
            }
            object.put(entry.getKey(), entry.getValue());
        }
        if (!placed) {
            object.put(key, value);
        }
    }

    private static boolean isSorted(Iterable<String> keys) {
        String previous = null;
        for (String key : keys) {
            if (previous != null && previous.compareTo(key) > 0) {
                return false;
            }
            previous = key;
        }
        return true;
    }
}
