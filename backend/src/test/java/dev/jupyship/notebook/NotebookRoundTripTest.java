package dev.jupyship.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jupyship.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Read then write gives the same bytes, on every readable notebook of the shared corpus. */
class NotebookRoundTripTest {

    /**
     * Corpus files that are not nbformat 4 notebooks, or break its schema, and what we expect to
     * say about them. Anything else in the corpus must round-trip byte for byte.
     */
    private static final Map<String, String> UNREADABLE = Map.ofEntries(
            Map.entry("tests__test2.ipynb", "nbformat 2 notebooks are not supported"),
            Map.entry("tests__test3.ipynb", "nbformat 3 notebooks are not supported"),
            Map.entry("tests__test3_no_metadata.ipynb", "nbformat 3 notebooks are not supported"),
            Map.entry("tests__test3_no_min_version.ipynb", "nbformat 3 notebooks are not supported"),
            Map.entry("tests__test3_no_worksheets.ipynb", "nbformat 3 notebooks are not supported"),
            Map.entry("tests__test3_worksheet_with_no_cells.ipynb", "nbformat 3 notebooks are not supported"),
            Map.entry("tests__no_min_version.ipynb", "\"nbformat_minor\" is missing"),
            Map.entry("tests__invalid.ipynb", "\"source\" is missing"),
            Map.entry("tests__test4plus.ipynb", "\"source\" is missing"));

    /**
     * Corpus files that no JSON writer Jupyter tools use would produce, so no faithful writer can
     * reproduce them; we write the same content in the nearest nbformat layout instead.
     */
    private static final Map<String, String> HAND_WRITTEN = Map.of(
            "papermill__tests__notebooks__test_notebooknode_io.ipynb",
            "hand-written: newlines without indentation, and a one-element array on one line");

    @Test
    void everyCorpusNotebookRoundTripsByteForByte() throws Exception {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Path file : Corpus.notebooks()) {
            byte[] bytes = Files.readAllBytes(file);
            String expectedError = UNREADABLE.get(file.getFileName().toString());
            try {
                Notebook notebook = Notebook.parse(bytes, Corpus.name(file));
                if (expectedError != null) {
                    failures.add(Corpus.name(file) + ": expected an error containing '" + expectedError + "'");
                } else if (HAND_WRITTEN.containsKey(file.getFileName().toString())) {
                    assertEquals(notebook.json(), NotebookJson.parse(notebook.toBytes(), "rewritten"), Corpus.name(file));
                } else if (!java.util.Arrays.equals(bytes, notebook.toBytes())) {
                    failures.add(Corpus.name(file) + ": written bytes differ (" + notebook.style() + ")");
                } else {
                    checked++;
                }
            } catch (NotebookFormatException e) {
                if (expectedError == null || !e.getMessage().contains(expectedError)) {
                    failures.add(Corpus.name(file) + ": " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " corpus notebooks do not round-trip:\n" + String.join("\n", failures));
        }
        assertTrue(checked > 200, "round-tripped only " + checked + " notebooks");
    }

    @Test
    void writesNbformatLayoutWithSortedKeysAndRawNonAscii() {
        String canonical = "{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n   \"metadata\": {},\n"
                + "   \"source\": [\n    \"# Données ✓\\n\",\n    \"tab\\there \\\"quoted\\\" \\u0001\"\n   ]\n  }\n ],\n"
                + " \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
        Notebook notebook = Notebook.parse(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8), "t.ipynb");
        assertEquals("# Données ✓\ntab\there \"quoted\" \u0001", notebook.cells().get(0).source());
        assertArrayEquals(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8), notebook.toBytes());
        assertEquals(JsonStyle.NBFORMAT, notebook.style());
    }

    @Test
    void keepsOtherLayoutsAndFloatText() {
        String indented = "{\n    \"cells\": [],\n    \"metadata\": {\"x\": 1e-05}, \"nbformat\": 4, \"nbformat_minor\": 2}";
        Notebook notebook = Notebook.parse(indented.getBytes(java.nio.charset.StandardCharsets.UTF_8), "t.ipynb");
        assertEquals(new JsonStyle(4, false, false), notebook.style());
        String written = new String(notebook.toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("{\n    \"cells\": [],\n    \"metadata\": {\n        \"x\": 1e-05\n    },\n    \"nbformat\": 4,\n    \"nbformat_minor\": 2\n}", written);
    }

    @Test
    void keepsAsciiEscapesWhenTheFileUsedThem() {
        String escaped = "{\n \"cells\": [],\n \"metadata\": {\"t\": \"caf\\u00e9 \\ud83d\\ude00\"},\n \"nbformat\": 4,\n \"nbformat_minor\": 4\n}\n";
        Notebook notebook = Notebook.parse(escaped.getBytes(java.nio.charset.StandardCharsets.UTF_8), "t.ipynb");
        assertTrue(notebook.style().ensureAscii());
        assertEquals("café \uD83D\uDE00", notebook.metadata().get("t"));
        assertTrue(new String(notebook.toBytes(), java.nio.charset.StandardCharsets.UTF_8).contains("caf\\u00e9 \\ud83d\\ude00"));
    }
}
