package dev.jupyship.notebook;

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
}
