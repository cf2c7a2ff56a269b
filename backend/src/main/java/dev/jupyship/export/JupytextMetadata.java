package dev.jupyship.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notebook metadata as jupytext's {@code writes} sees it before writing a percent script: a
 * copy, with old-style jupytext keys moved under {@code jupytext} ({@code rearrange_jupytext_metadata}),
 * {@code jupytext.formats} dropped as {@code jupytext --to py:percent -o -} does, and, without a
 * header, the notebook filter set to {@code -all} as {@code --update-metadata} would.
 */
final class JupytextMetadata {

    private JupytextMetadata() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> prepare(Map<String, Object> notebookMetadata, boolean header) {
        Map<String, Object> metadata = (Map<String, Object>) PythonStrings.deepCopy(notebookMetadata);
        if (!header) {
            Map<String, Object> jupytext = metadata.get("jupytext") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : new LinkedHashMap<>();
            jupytext.put("notebook_metadata_filter", "-all");
            metadata.put("jupytext", jupytext);
        }
        rearrange(metadata);
        dropPairing(metadata);
        return metadata;
    }

    /** {@code rearrange_jupytext_metadata}. */
    @SuppressWarnings("unchecked")
    private static void rearrange(Map<String, Object> metadata) {
        for (String key : new String[] {"nbrmd_formats", "nbrmd_format_version"}) {
            if (metadata.containsKey(key)) {
                metadata.put(key.replace("nbrmd", "jupytext"), metadata.remove(key));
            }
        }
        Map<String, Object> jupytext = metadata.get("jupytext") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : new LinkedHashMap<>();
        if (metadata.containsKey("jupytext_formats")) {
            jupytext.put("formats", metadata.remove("jupytext_formats"));
        }
        if (metadata.containsKey("jupytext_format_version")) {
            Map<String, Object> representation = new LinkedHashMap<>();
            representation.put("format_version", metadata.remove("jupytext_format_version"));
            jupytext.put("text_representation", representation);
        }
        for (String key : new String[] {"main_language", "encoding", "executable"}) {
            if (metadata.containsKey(key)) {
                jupytext.put(key, metadata.remove(key));
            }
        }
        Object filters = jupytext.remove("metadata_filter");
        if (filters instanceof Map<?, ?> f) {
            if (f.containsKey("notebook")) {
                jupytext.put("notebook_metadata_filter", f.get("notebook"));
            }
            if (f.containsKey("cells")) {
                jupytext.put("cell_metadata_filter", f.get("cells"));
            }
        }
        for (String level : new String[] {"notebook_metadata_filter", "cell_metadata_filter"}) {
            if (jupytext.get(level) instanceof Map<?, ?>) {
                jupytext.put(level, MetadataFilter.asString(jupytext.get(level)));
            }
        }
        Object formats = jupytext.get("formats");
        if (formats instanceof String || formats instanceof List<?>) {
            if (formats instanceof String s && s.isEmpty()) {
                // falsy: left as is
            } else {
                jupytext.put("formats", shortForm(longForm(formats, metadata)));
            }
        }
        if (!jupytext.isEmpty()) {
            metadata.put("jupytext", jupytext);
        }
    }

    /**
     * The command line drops {@code jupytext.formats} when the destination is not one of the
     * paired files, which is always the case for {@code -o -}: an export is not a paired file.
     */
    @SuppressWarnings("unchecked")
    private static void dropPairing(Map<String, Object> metadata) {
        if (metadata.get("jupytext") instanceof Map<?, ?> m && m.get("formats") instanceof String formats
                && !longForm(formats, metadata).isEmpty()) {
            ((Map<String, Object>) m).remove("formats");
        }
    }

    private record Format(String prefix, String suffix, String extension, String formatName) {
    }

    private static List<Format> longForm(Object formats, Map<String, Object> metadata) {
        List<String> entries = new ArrayList<>();
        if (formats instanceof List<?> list) {
            for (Object item : list) {
                entries.add(String.valueOf(item));
            }
        } else {
            for (String entry : ((String) formats).split(",", -1)) {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        List<Format> result = new ArrayList<>();
        for (String entry : entries) {
            result.add(longFormOne(entry, metadata));
        }
        return result;
    }

    /** {@code long_form_one_format} for the string form {@code [prefix/][suffix].ext[:format_name]}. */
    private static Format longFormOne(String text, Map<String, Object> metadata) {
        String format = switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "notebook" -> "ipynb";
            case "rmarkdown" -> "Rmd";
            case "quarto" -> "qmd";
            case "marimo" -> "py";
            case "markdown" -> "md";
            case "script" -> "auto";
            case "c++" -> "cpp";
            case "myst" -> "md:myst";
            case "pandoc" -> "md:pandoc";
            default -> text;
        };
        String prefix = null;
        String suffix = null;
        String formatName = null;
        int slash = format.lastIndexOf('/');
        if (slash > 0) {
            prefix = format.substring(0, slash);
            format = format.substring(slash + 1);
        }
        int colon = format.lastIndexOf(':');
        String ext = format;
        if (colon >= 0) {
            ext = format.substring(0, colon);
            formatName = format.substring(colon + 1);
            if (formatName.equals("bare")) {
                formatName = "nomarker";
            }
        }
        int dot = ext.lastIndexOf('.');
        if (dot > 0) {
            suffix = ext.substring(0, dot);
            ext = ext.substring(dot);
        }
        if (!ext.startsWith(".")) {
            ext = "." + ext;
        }
        if (ext.equals(".auto")) {
            String auto = autoExtension(metadata);
            ext = auto != null ? auto : ".auto";
        }
        return new Format(prefix, suffix, ext, formatName);
    }

    /** {@code auto_ext_from_metadata}. */
    private static String autoExtension(Map<String, Object> metadata) {
        Object ext = metadata.get("language_info") instanceof Map<?, ?> info ? info.get("file_extension") : null;
        Object kernelLanguage = metadata.get("kernelspec") instanceof Map<?, ?> spec ? spec.get("language") : null;
        if (".py".equals(ext) && "sage".equals(kernelLanguage)) {
            ext = ".sage";
        }
        if (ext == null) {
            return null;
        }
        return switch (String.valueOf(ext)) {
            case ".r" -> ".R";
            case ".fs" -> ".fsx";
            case ".resource" -> ".robot";
            case ".C" -> ".cpp";
            default -> String.valueOf(ext);
        };
    }

    /** {@code short_form_multiple_formats}. */
    private static String shortForm(List<Format> formats) {
        List<String> out = new ArrayList<>();
        for (Format f : formats) {
            String text = f.extension;
            if (f.suffix != null) {
                text = f.suffix + text;
            } else if (text.startsWith(".")) {
                text = text.substring(1);
            }
            if (f.prefix != null) {
                text = f.prefix + "/" + text;
            }
            if (f.formatName != null && !f.formatName.isEmpty()) {
                boolean markdown = f.extension.equals(".md") || f.extension.equals(".markdown") || f.extension.equals(".Rmd");
                if (!markdown || f.formatName.equals("pandoc") || f.formatName.equals("myst")) {
                    text = text + ":" + f.formatName;
                }
            }
            out.add(text);
        }
        return String.join(",", out);
    }
}
