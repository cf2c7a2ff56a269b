package dev.jupyship.export;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The jupytext format options a notebook can carry in its {@code jupytext} metadata
 * ({@code _VALID_FORMAT_OPTIONS}) and that change the percent text: a notebook paired with
 * {@code comment_magics: false} or a {@code cell_metadata_filter} is written the way its owner
 * configured it, as jupytext would.
 *
 * @param commentMagics       comment Jupyter magics (default true)
 * @param cellMetadataFilter  the user's cell filter (string, dict, boolean) or null
 * @param notebookMetadataFilter the user's notebook filter or null
 * @param cellMetadataJson    write cell metadata as one JSON object instead of key=value
 * @param cellMarkers         {@code cell_markers}, e.g. {@code """} to write text cells as strings
 * @param customMagics        extra cell magics naming a language; always contains ""
 * @param rootLevelMetadataAsRawCell a leading raw {@code ---} cell merges into the header
 * @param cellFilter          the cell metadata filter, combined with jupytext's default
 */
record FormatOptions(boolean commentMagics, Object cellMetadataFilter, Object notebookMetadataFilter,
        boolean cellMetadataJson, String cellMarkers, Set<String> customMagics, boolean rootLevelMetadataAsRawCell,
        MetadataFilter.Compiled cellFilter) {

    static FormatOptions from(Map<String, Object> notebookMetadata) {
        Map<?, ?> jupytext = notebookMetadata.get("jupytext") instanceof Map<?, ?> m ? m : Map.of();
        Set<String> magics = new HashSet<>();
        for (String option : new String[] {"custom_cell_magics", "custom_language_magics"}) {
            Object value = jupytext.get(option);
            for (String magic : (value instanceof String s ? s : "").split(",", -1)) {
                magics.add(magic);
            }
        }
        Object cellMarkers = jupytext.get("cell_markers");
        return new FormatOptions(
                !Boolean.FALSE.equals(jupytext.get("comment_magics")),
                jupytext.get("cell_metadata_filter"),
                jupytext.get("notebook_metadata_filter"),
                Boolean.TRUE.equals(jupytext.get("cell_metadata_json")),
                cellMarkers instanceof String s && !s.isEmpty() ? s : null,
                magics,
                !Boolean.FALSE.equals(jupytext.get("root_level_metadata_as_raw_cell")),
                MetadataFilter.compile(jupytext.get("cell_metadata_filter"), CellMetadataText.DEFAULT_CELL_FILTER));
    }
}
