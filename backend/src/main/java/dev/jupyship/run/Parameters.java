package dev.jupyship.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Papermill's parameters by name, as a request gives them: in order, and a value may be null (Python's None). */
public final class Parameters {

    private Parameters() {
    }

    /** An unmodifiable copy that keeps the order and the nulls ({@code Map.copyOf} refuses a null value). */
    public static Map<String, Object> copyOf(Map<String, Object> given) {
        return given == null || given.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(given));
    }
}
