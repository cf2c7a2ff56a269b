package dev.jupyship.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An nbformat 4 notebook as read from a file: the parsed JSON, kept whole (fields this class does
 * not know survive a read and write untouched), its layout, and a typed view of its cells.
 *
 * <p>{@code Notebook.parse(bytes, name).toBytes()} gives back the same bytes for every notebook
 * written by Jupyter, and for the other common layouts (indent 2 or 4, unsorted keys).
 */
public final class Notebook {

    /** The nbformat minor versions whose schema this model was checked against. */
    public static final int NEWEST_KNOWN_MINOR = 5;

    private final Map<String, Object> json;
    private final JsonStyle style;
    private final String name;
    private final List<Cell> cells;
    /** Read without the cells' outputs: for reading only, never written back. */
    private final boolean withoutOutputs;

    private Notebook(Map<String, Object> json, JsonStyle style, String name, List<Cell> cells, boolean withoutOutputs) {
        this.json = json;
        this.style = style;
        this.name = name;
        this.cells = cells;
        this.withoutOutputs = withoutOutputs;
    }

    public static Notebook read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Parses notebook bytes; {@code name} (usually the path) is used in error messages. */
    public static Notebook parse(byte[] bytes, String name) {
        return of(NotebookJson.parse(bytes, name), bytes, name, false);
    }

    /**
     * Parses notebook bytes for a reader that never looks at outputs (the review export), with every
     * cell's outputs empty: the same checks and errors, about half the work for notebooks with
     * outputs. Such a notebook cannot be written back.
     */
    public static Notebook parseWithoutOutputs(byte[] bytes, String name) {
        return of(NotebookJson.parseWithoutOutputs(bytes, name), bytes, name, true);
    }

    public static Notebook readWithoutOutputs(Path file) throws IOException {
        return parseWithoutOutputs(Files.readAllBytes(file), file.toString());
    }

    @SuppressWarnings("unchecked")
    private static Notebook of(Object root, byte[] bytes, String name, boolean withoutOutputs) {
        if (!(root instanceof Map)) {
            throw new NotebookFormatException(name + ": not a Jupyter notebook: the JSON is not an object");
        }
        Map<String, Object> json = (Map<String, Object>) root;
        checkVersion(json, name);
        Object cellList = json.get("cells");
        if (!(cellList instanceof List)) {
            throw new NotebookFormatException(name + ": not a valid nbformat 4 notebook: \"cells\" is "
                    + (cellList == null ? "missing" : "not a list"));
        }
        Object metadata = json.get("metadata");
        if (metadata != null && !(metadata instanceof Map)) {
            throw new NotebookFormatException(name + ": not a valid nbformat 4 notebook: \"metadata\" is not an object");
        }
        List<Object> rawCells = (List<Object>) cellList;
        List<Cell> cells = new ArrayList<>(rawCells.size());
        for (int i = 0; i < rawCells.size(); i++) {
            cells.add(Cell.of(rawCells.get(i), i, name));
        }
        // A notebook read without outputs is never written, so its layout (a pass over every byte,
        // outputs included) is not looked for.
        JsonStyle style = withoutOutputs ? null : JsonStyle.detect(bytes);
        return new Notebook(json, style, name, Collections.unmodifiableList(cells), withoutOutputs);
    }

    private static void checkVersion(Map<String, Object> json, String name) {
        Object major = json.get("nbformat");
        if (!(major instanceof JsonNumber number) || !number.isInt()) {
            throw new NotebookFormatException(name + ": not a Jupyter notebook: it has no \"nbformat\" version number");
        }
        if (number.longValue() != 4) {
            throw new NotebookFormatException(String.format(
                    "%s: nbformat %s notebooks are not supported, only nbformat 4; open and save it in JupyterLab, "
                            + "or run `jupyter nbconvert --to notebook --inplace \"%s\"`, to upgrade it",
                    name, number.lexeme(), name));
        }
        Object minor = json.get("nbformat_minor");
        if (!(minor instanceof JsonNumber minorNumber) || !minorNumber.isInt()) {
            throw new NotebookFormatException(name + ": not a valid nbformat 4 notebook: \"nbformat_minor\" is missing or not a number");
        }
    }

    /** The bytes of this notebook in the layout it was read with. */
    public byte[] toBytes() {
        return NotebookJson.write(writable(), style);
    }

    /** The bytes of this notebook in Jupyter's own layout, whatever it was read with. */
    public byte[] toNbformatBytes() {
        return NotebookJson.write(writable(), JsonStyle.NBFORMAT);
    }

    /** Its JSON, to be written: never a notebook read without its outputs, which would lose them. */
    private Map<String, Object> writable() {
        if (withoutOutputs) {
            throw new IllegalStateException(name + " was read without its outputs, for reading only: writing it would lose them");
        }
        return json;
    }

    public String name() {
        return name;
    }

    /** The layout it was read with: that of a writable notebook (never one read without outputs). */
    public JsonStyle style() {
        writable();
        return style;
    }

    public int nbformatMinor() {
        return (int) ((JsonNumber) json.get("nbformat_minor")).longValue();
    }

    public List<Cell> cells() {
        return cells;
    }

    /** The notebook's metadata, or an empty map when it has none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> metadata() {
        Object metadata = json.get("metadata");
        return metadata == null ? Map.of() : (Map<String, Object>) metadata;
    }

    /** The whole notebook JSON, live: changes show in {@link #toBytes()}. */
    public Map<String, Object> json() {
        return json;
    }

    /** The kernel's language as the notebook records it, lower case; "python" when it records none. */
    public String language() {
        Object language = Json.path(metadata(), "kernelspec", "language");
        if (!(language instanceof String)) {
            language = Json.path(metadata(), "language_info", "name");
        }
        return language instanceof String s && !s.isBlank() ? s.toLowerCase(java.util.Locale.ROOT) : "python";
    }
}
