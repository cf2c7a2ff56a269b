package dev.jupyship.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Port of the percent-format parts of jupytext's {@code cell_metadata.py}: the text after
 * {@code # %%} (depth, title, {@code [markdown]}/{@code [raw]}, then {@code key=value} pairs with
 * JSON values, or one JSON object with {@code cell_metadata_json}), the default cell metadata
 * filter, and whether a cell is "active" (run as code) in a .py file.
 */
final class CellMetadataText {

    /** Metadata jupytext keeps for itself; never written on the marker line. */
    static final Set<String> JUPYTEXT_CELL_METADATA =
            Set.of("skipline", "noskipline", "cell_marker", "lines_to_next_cell", "lines_to_end_of_cell_marker");

    /**
     * {@code _IGNORE_CELL_METADATA}: editor state that would churn the text file on every save,
     * plus jupytext's own keys.
     */
    static final MetadataFilter.Filter DEFAULT_CELL_FILTER = MetadataFilter.parse(
            "-autoscroll,-collapsed,-scrolled,-trusted,-execution,-ExecuteTime,"
                    + "-skipline,-noskipline,-cell_marker,-lines_to_next_cell,-lines_to_end_of_cell_marker");

    private static final Pattern ACTIVE_SEPARATOR = Pattern.compile("[.,]");

    private CellMetadataText() {
    }

    /**
     * {@code metadata_to_double_percent_options}: consumes title, cell_depth, cell_type and
     * region_name from {@code metadata} and returns the marker options.
     */
    static String doublePercentOptions(Map<String, Object> metadata, boolean plainJson) {
        List<String> text = new ArrayList<>(3);
        if (metadata.containsKey("title")) {
            text.add(String.valueOf(metadata.remove("title")));
        }
        if (metadata.containsKey("cell_depth")) {
            Object depth = metadata.remove("cell_depth");
            int n = depth instanceof dev.jupyship.notebook.JsonNumber number ? (int) number.longValue() : 0;
            text.add(0, "%".repeat(Math.max(0, n)));
        }
        if (metadata.containsKey("cell_type")) {
            // jupytext: metadata.pop("region_name", metadata.pop("cell_type")), both are consumed
            Object type = metadata.remove("cell_type");
            boolean hasRegion = metadata.containsKey("region_name");
            Object region = metadata.remove("region_name");
            text.add("[" + (hasRegion ? region : type) + "]");
        }
        return metadataToText(String.join(" ", text), metadata, plainJson);
    }

    /** {@code metadata_to_text(title, metadata, plain_json)}. */
    static String metadataToText(String title, Map<String, Object> metadata, boolean plainJson) {
        List<String> text = new ArrayList<>(metadata.size() + 1);
        if (!title.isEmpty()) {
            text.add(title);
        }
        if (plainJson) {
            Map<String, Object> kept = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Object> e : metadata.entrySet()) {
                if (!JUPYTEXT_CELL_METADATA.contains(e.getKey())) {
                    kept.put(e.getKey(), e.getValue());
                }
            }
            if (!kept.isEmpty()) {
                text.add(PythonJson.dumps(kept));
            }
            return String.join(" ", text);
        }
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            String key = e.getKey();
            if (JUPYTEXT_CELL_METADATA.contains(key)) {
                continue;
            }
            if (key.equals("incorrectly_encoded_metadata")) {
                text.add(String.valueOf(e.getValue()));
            } else if (e.getValue() == null) {
                text.add(key);
            } else {
                text.add(key + "=" + PythonJson.dumps(e.getValue()));
            }
        }
        return String.join(" ", text);
    }

    /** {@code is_active(".py", metadata, default)}: does the cell run as code in a .py file? */
    static boolean isActive(Map<String, Object> metadata, boolean defaultValue) {
        if (metadata.get("run_control") instanceof Map<?, ?> runControl && Boolean.TRUE.equals(runControl.get("frozen"))) {
            return false;
        }
        if (metadata.get("tags") instanceof List<?> tags) {
            for (Object tag : tags) {
                if (tag instanceof String s && s.startsWith("active-")) {
                    return List.of(s.split("-", -1)).contains("py");
                }
            }
        }
        if (!metadata.containsKey("active")) {
            return defaultValue;
        }
        return List.of(ACTIVE_SEPARATOR.split(String.valueOf(metadata.get("active")), -1)).contains("py");
    }

    /** True when a tag starts with {@code active-} (jupytext then treats the cell as code). */
    static boolean hasActiveTag(Map<String, Object> metadata) {
        if (metadata.get("tags") instanceof List<?> tags) {
            for (Object tag : tags) {
                if (tag instanceof String s && s.startsWith("active-")) {
                    return true;
                }
            }
        }
        return false;
    }
}
