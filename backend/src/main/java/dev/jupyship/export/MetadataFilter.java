package dev.jupyship.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Port of jupytext's {@code metadata_filter.py}: which notebook and cell metadata keys enter the
 * text file. A filter is a string such as {@code "kernelspec,-jupytext.text_representation"} or
 * {@code "-all"} (from the notebook's {@code jupytext} metadata) applied on top of a default
 * filter: the notebook default keeps only a few keys, the cell default drops a few.
 */
final class MetadataFilter {

    /** One side of a filter: every key, or a list of keys. */
    record Keys(boolean all, List<String> names) {
        static final Keys NONE = new Keys(false, List.of());
        static final Keys ALL = new Keys(true, List.of());
    }

    /** {@code metadata_filter_as_dict}; {@code additional} and {@code excluded} are never null. */
    record Filter(Keys additional, Keys excluded) {
        static final Filter EMPTY = new Filter(Keys.NONE, Keys.NONE);
    }

    private MetadataFilter() {
    }

    /** Parses a filter as jupytext accepts it: null, a boolean, a string, or a dict. */
    static Filter parse(Object config) {
        if (config == null) {
            return Filter.EMPTY;
        }
        if (config instanceof Boolean b) {
            return b ? new Filter(Keys.ALL, Keys.NONE) : new Filter(Keys.NONE, Keys.ALL);
        }
        if (config instanceof Map<?, ?> map) {
            return new Filter(keys(map.get("additional")), keys(map.get("excluded")));
        }
        List<String> additional = null;
        List<String> excluded = null;
        for (String raw : String.valueOf(config).split(",", -1)) {
            String key = PythonStrings.strip(raw);
            if (key.startsWith("-")) {
                excluded = add(excluded, PythonStrings.strip(key.substring(1)));
            } else if (key.startsWith("+")) {
                additional = add(additional, PythonStrings.strip(key.substring(1)));
            } else {
                additional = add(additional, key);
            }
        }
        return new Filter(section(additional), section(excluded));
    }

    private static List<String> add(List<String> list, String key) {
        List<String> result = list == null ? new ArrayList<>() : list;
        result.add(key);
        return result;
    }

    private static Keys section(List<String> keys) {
        if (keys == null) {
            return Keys.NONE;
        }
        if (keys.contains("all")) {
            return Keys.ALL;
        }
        keys.removeIf(String::isEmpty);
        return new Keys(false, keys);
    }

    private static Keys keys(Object value) {
        if (value == null) {
            return Keys.NONE;
        }
        if ("all".equals(value)) {
            return Keys.ALL;
        }
        List<String> names = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            for (Object item : list) {
                names.add(String.valueOf(item));
            }
        }
        return new Keys(false, names);
    }

    /** {@code metadata_filter_as_string}, for filters the notebook stores as a dict. */
    static String asString(Object filter) {
        if (!(filter instanceof Map<?, ?>)) {
            return filter instanceof String s ? s : null;
        }
        Filter parsed = parse(filter);
        List<String> entries = new ArrayList<>();
        if (parsed.additional().all()) {
            entries.add("all");
        } else {
            for (String key : parsed.additional().names()) {
                if (!CellMetadataText.JUPYTEXT_CELL_METADATA.contains(key)) {
                    entries.add(key);
                }
            }
        }
        if (parsed.excluded().all()) {
            entries.add("-all");
        } else {
            for (String key : parsed.excluded().names()) {
                entries.add("-" + key);
            }
        }
        return String.join(",", entries);
    }

    /** {@code filter_metadata(metadata, user_filter, default_filter)}: a new map. */
    static Map<String, Object> filter(Map<String, Object> metadata, Object userFilter, Filter defaults) {
        return compile(userFilter, defaults).apply(metadata);
    }

    /**
     * A user filter combined with a default one, as {@code filter_metadata} combines them; built
     * once per export and applied to every cell.
     */
    static final class Compiled {
        private final Set<String> keepOnly;
        private final Set<String> exclude;
        private final boolean dropEmptyTags;
        private final Map<String, List<String>> subKeep;
        private final Map<String, List<String>> subExclude;

        private Compiled(Set<String> keepOnly, Collection<String> exclude, boolean dropEmptyTags) {
            this.keepOnly = keepOnly;
            this.exclude = exclude == null ? null : new HashSet<>(exclude);
            this.dropEmptyTags = dropEmptyTags;
            this.subKeep = keepOnly == null ? Map.of() : secondLevel(keepOnly);
            this.subExclude = exclude == null ? Map.of() : secondLevel(exclude);
        }

        Map<String, Object> apply(Map<String, Object> metadata) {
            if (metadata.isEmpty()) {
                return new LinkedHashMap<>();
            }
            Map<String, Object> source = metadata;
            if (dropEmptyTags && metadata.containsKey("tags") && isFalsy(metadata.get("tags"))) {
                // jupytext does not write empty tags
                source = new LinkedHashMap<>(metadata);
                source.remove("tags");
            }
            return subset(source, keepOnly, exclude, subKeep, subExclude);
        }
    }

    static Compiled compile(Object userFilter, Filter defaults) {
        Filter user = parse(userFilter);
        Keys defaultExclude = defaults.excluded();
        Keys defaultInclude = defaults.additional();
        if (!defaultInclude.all() && !defaultInclude.names().isEmpty() && !defaultExclude.all()
                && defaultExclude.names().isEmpty()) {
            defaultExclude = Keys.ALL;
        }
        Keys userExclude = user.excluded();
        Keys userInclude = user.additional();
        if (defaultExclude.all()) {
            // notebook default: keep only a few keys
            if (userInclude.all()) {
                return new Compiled(null, names(userExclude), false);
            }
            if (userExclude.all()) {
                return new Compiled(new HashSet<>(userInclude.names()), null, false);
            }
            Set<String> keep = new HashSet<>(userInclude.names());
            keep.addAll(defaultInclude.names());
            return new Compiled(keep, userExclude.names(), false);
        }
        // cell default: all keys but a few
        if (userInclude.all()) {
            return new Compiled(null, names(userExclude), false);
        }
        if (userExclude.all()) {
            return new Compiled(new HashSet<>(userInclude.names()), null, false);
        }
        Set<String> exclude = new HashSet<>(userExclude.names());
        for (String key : defaultExclude.names()) {
            if (!userInclude.names().contains(key)) {
                exclude.add(key);
            }
        }
        return new Compiled(null, exclude, true);
    }

    private static boolean isFalsy(Object value) {
        return value == null || Boolean.FALSE.equals(value) || "".equals(value)
                || (value instanceof Map<?, ?> m && m.isEmpty()) || (value instanceof List<?> l && l.isEmpty())
                || (value instanceof dev.jupyship.notebook.JsonNumber n && n.doubleValue() == 0);
    }

    private static Collection<String> names(Keys keys) {
        // "all" on the excluded side of a filter that includes all: jupytext iterates the letters
        return keys.all() ? List.of("a", "l") : keys.names();
    }

    /** {@code subset_metadata(metadata, keep_only, exclude)}. */
    private static Map<String, Object> subset(Map<String, Object> metadata, Collection<String> keepOnly,
            Collection<String> exclude) {
        return subset(metadata, keepOnly, exclude, keepOnly == null ? Map.of() : secondLevel(keepOnly),
                exclude == null ? Map.of() : secondLevel(exclude));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> subset(Map<String, Object> metadata, Collection<String> keepOnly,
            Collection<String> exclude, Map<String, List<String>> subKeep, Map<String, List<String>> subExclude) {
        Map<String, Object> filtered = new LinkedHashMap<>();
        if (keepOnly != null) {
            for (Map.Entry<String, Object> e : metadata.entrySet()) {
                if (keepOnly.contains(e.getKey()) && isValidKey(e.getKey())) {
                    filtered.put(e.getKey(), e.getValue());
                }
            }
            if (!subKeep.isEmpty()) {
                for (Map.Entry<String, Object> e : metadata.entrySet()) {
                    if (subKeep.containsKey(e.getKey()) && isValidKey(e.getKey()) && e.getValue() instanceof Map<?, ?> sub) {
                        filtered.put(e.getKey(), subset((Map<String, Object>) sub, subKeep.get(e.getKey()), null));
                    }
                }
            }
        } else {
            for (Map.Entry<String, Object> e : metadata.entrySet()) {
                if (isValidKey(e.getKey())) {
                    filtered.put(e.getKey(), e.getValue());
                }
            }
        }
        if (exclude != null) {
            for (String key : exclude) {
                filtered.remove(key);
            }
            for (Map.Entry<String, List<String>> e : subExclude.entrySet()) {
                if (filtered.get(e.getKey()) instanceof Map<?, ?> sub) {
                    filtered.put(e.getKey(), subset((Map<String, Object>) sub, null, e.getValue()));
                }
            }
        }
        return filtered;
    }

    private static Map<String, List<String>> secondLevel(Collection<String> keys) {
        Map<String, List<String>> sub = new LinkedHashMap<>();
        for (String key : keys) {
            int dot = key.indexOf('.');
            if (dot >= 0) {
                sub.computeIfAbsent(key.substring(0, dot), k -> new ArrayList<>()).add(key.substring(dot + 1));
            }
        }
        return sub;
    }

    /**
     * {@code is_valid_metadata_key}: {@code ^[a-zA-Z0-9_\.@/-]+$}. Keys with other characters
     * cannot be written as {@code key=value} and are dropped (Python's {@code $} also accepts one
     * trailing newline).
     */
    static boolean isValidKey(String key) {
        int end = key.endsWith("\n") ? key.length() - 1 : key.length();
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '@' || c == '/' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
