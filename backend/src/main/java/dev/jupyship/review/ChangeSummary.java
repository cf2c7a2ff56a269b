package dev.jupyship.review;

import dev.jupyship.json.Jsons;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed between two versions of a notebook that its .py export does not show: outputs,
 * execution counts, and metadata. Reviewers see these as short notes beside the code diff.
 *
 * @param outputsChanged     cells (index in the newer version) whose outputs differ
 * @param reExecuted         cells whose execution count differs
 * @param cellMetadata       notes on cell metadata that changed, one per cell
 * @param notebookMetadata   notebook metadata keys that changed
 * @param notes              the whole summary in words, one line each
 */
public record ChangeSummary(List<Integer> outputsChanged, List<Integer> reExecuted, List<String> cellMetadata,
                            List<String> notebookMetadata, List<String> notes) {

    private static final int SHORT_VALUE = 60;

    public static ChangeSummary between(Notebook before, Notebook after) {
        List<Integer> outputs = new ArrayList<>();
        List<Integer> executed = new ArrayList<>();
        List<String> cellMetadata = new ArrayList<>();
        List<String> cellMetadataNotes = new ArrayList<>();
        List<Cell> beforeCells = before == null ? List.of() : before.cells();
        List<Cell> afterCells = after == null ? List.of() : after.cells();
        for (CellAlignment.Pair pair : CellAlignment.align(beforeCells, afterCells)) {
            Cell old = pair.before();
            Cell now = pair.after();
            if (!old.outputs().equals(now.outputs())) {
                outputs.add(now.index());
            }
            if (!Objects.equals(old.executionCount(), now.executionCount())) {
                executed.add(now.index());
            }
            List<String> keys = changedKeys(old.metadata(), now.metadata());
            if (!keys.isEmpty()) {
                cellMetadata.add("cell " + (now.index() + 1) + ": " + String.join(", ", keys));
                cellMetadataNotes.add("cell " + (now.index() + 1) + ": " + String.join("; ", changes(old.metadata(), now.metadata(), keys)));
            }
        }
        List<String> notebookMetadata = before == null || after == null
                ? List.of() : changedKeys(before.metadata(), after.metadata());

        List<String> notes = new ArrayList<>();
        if (before == null) {
            notes.add("new notebook");
        } else if (after == null) {
            notes.add("notebook deleted");
        }
        if (!outputs.isEmpty()) {
            notes.add("outputs changed in " + cells(outputs));
        }
        if (!executed.isEmpty()) {
            notes.add("re-executed: " + cells(executed));
        }
        cellMetadataNotes.forEach(note -> notes.add("metadata changed in " + note));
        if (!notebookMetadata.isEmpty()) {
            notes.add("notebook metadata changed: " + String.join("; ", changes(before.metadata(), after.metadata(), notebookMetadata)));
        }
        return new ChangeSummary(outputs, executed, cellMetadata, notebookMetadata, notes);
    }

    private static String cells(List<Integer> indexes) {
        StringBuilder text = new StringBuilder(indexes.size() == 1 ? "cell " : indexes.size() + " cells (");
        int shown = Math.min(indexes.size(), 12);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(indexes.get(i));
        }
        if (indexes.size() > shown) {
            text.append(", …");
        }
        return indexes.size() == 1 ? text.toString() : text.append(')').toString();
    }

    /**
     * Each changed key as a reviewer reads it: {@code tags: [] → ["parameters"]} when both values are
     * short, else the key with added or removed, or just the key (a changed widget state or kernelspec).
     */
    private static List<String> changes(Map<String, Object> before, Map<String, Object> after, List<String> keys) {
        List<String> changes = new ArrayList<>();
        for (String key : keys) {
            String old = before.containsKey(key) ? shortJson(before.get(key)) : null;
            String now = after.containsKey(key) ? shortJson(after.get(key)) : null;
            if (!before.containsKey(key)) {
                changes.add(key + " added" + (now != null ? ": " + now : ""));
            } else if (!after.containsKey(key)) {
                changes.add(key + " removed");
            } else {
                changes.add(old != null && now != null ? key + ": " + old + " → " + now : key);
            }
        }
        return changes;
    }

    /** A value as compact JSON, or null when that is too long for a note. */
    private static String shortJson(Object value) {
        try {
            String json = Jsons.MAPPER.writeValueAsString(value);
            return json.length() <= SHORT_VALUE ? json : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static List<String> changedKeys(Map<String, Object> before, Map<String, Object> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        keys.removeIf(key -> Objects.equals(before.get(key), after.get(key)));
        return List.copyOf(keys);
    }

    public boolean isEmpty() {
        return notes.isEmpty();
    }
}
