package dev.jupyship.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Notebooks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the .py diff cannot show, in a reviewer's words: metadata changes name their values when those are short. */
class ChangeSummaryTest {

    private static Notebook notebook(String json) {
        return Notebook.parse(json.getBytes(StandardCharsets.UTF_8), "nb.ipynb");
    }

    @Test
    void metadataChangesNameTheKeyAndItsShortValues() {
        String before = Notebooks.of("code", "seed = 1", "code", "print(seed)")
                .replaceFirst("\"metadata\": \\{\\},", "\"metadata\": {\"tags\": [], \"collapsed\": true},")
                .replace(" \"metadata\": {\n  \"kernelspec\"", " \"metadata\": {\n  \"widgets\": {\"state\": \"" + "x".repeat(80) + "\"},\n  \"kernelspec\"");
        String after = Notebooks.of("code", "seed = 1", "code", "print(seed)")
                .replaceFirst("\"metadata\": \\{\\},", "\"metadata\": {\"tags\": [\"parameters\"]},")
                .replace(" \"metadata\": {\n  \"kernelspec\"", " \"metadata\": {\n  \"jupyship\": {\"ignore\": [\"JS104\"]},\n"
                        + "  \"widgets\": {\"state\": \"" + "y".repeat(80) + "\"},\n  \"kernelspec\"");
        ChangeSummary summary = ChangeSummary.between(notebook(before), notebook(after));
        assertEquals(List.of("cell 1: collapsed, tags"), summary.cellMetadata());
        assertEquals(List.of("jupyship", "widgets"), summary.notebookMetadata());
        assertEquals(List.of(
                "metadata changed in cell 1: collapsed removed; tags: [] → [\"parameters\"]",
                "notebook metadata changed: jupyship added: {\"ignore\":[\"JS104\"]}; widgets"), summary.notes());
    }
}
