package dev.jupyship.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A notebook read without its outputs, for the export: everything else as a full read has it, the same errors, never written. */
class NotebookWithoutOutputsTest {

    @Test
    void everyCorpusNotebookReadsAsAFullReadButForOutputsWithTheSameErrors() throws Exception {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (Path file : Corpus.notebooks()) {
            byte[] bytes = Files.readAllBytes(file);
            String name = Corpus.name(file);
            Notebook full;
            try {
                full = Notebook.parse(bytes, name);
            } catch (NotebookFormatException e) {
                NotebookFormatException light = assertThrows(NotebookFormatException.class, () -> Notebook.parseWithoutOutputs(bytes, name));
                if (!e.getMessage().equals(light.getMessage())) {
                    differences.add(name + ": '" + e.getMessage() + "' but '" + light.getMessage() + "'");
                }
                continue;
            }
            Notebook light = Notebook.parseWithoutOutputs(bytes, name);
            if (!withoutOutputs(full.json()).equals(light.json())) {
                differences.add(name + ": the notebooks differ beyond outputs");
            }
            for (Cell cell : light.cells()) {
                if (!cell.outputs().isEmpty()) {
                    differences.add(name + ": cell " + cell.index() + " has outputs");
                }
            }
            compared++;
        }
        assertEquals(List.of(), differences);
        assertTrue(compared > 200, "compared " + compared);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutOutputs(Map<String, Object> notebook) {
        Map<String, Object> copy = new LinkedHashMap<>(notebook);
        List<Object> cells = new ArrayList<>();
        for (Object cell : (List<Object>) notebook.get("cells")) {
            if (cell instanceof Map<?, ?> map && map.get("outputs") instanceof List<?>) {
                Map<String, Object> light = new LinkedHashMap<>((Map<String, Object>) map);
                light.put("outputs", List.of());
                cells.add(light);
            } else {
                cells.add(cell);
            }
        }
        copy.put("cells", cells);
        return copy;
    }

    @Test
    void brokenJsonInsideOutputsIsStillNamedWithItsPlace() {
        String text = "{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": 1, \"metadata\": {}, \"source\": \"1\",\n"
                + " \"outputs\": [{\"output_type\": \"stream\", \"text\": [\"a\" \"b\"]}]}],\n"
                + " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String full = assertThrows(NotebookFormatException.class, () -> Notebook.parse(bytes, "n.ipynb")).getMessage();
        assertEquals(full, assertThrows(NotebookFormatException.class, () -> Notebook.parseWithoutOutputs(bytes, "n.ipynb")).getMessage());
        assertTrue(full.startsWith("n.ipynb: invalid JSON at line 2"), full);
    }

    @Test
    void aNotebookReadWithoutOutputsIsNeverWrittenBack() {
        byte[] bytes = ("{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": 1, \"metadata\": {}, \"source\": \"1\","
                + " \"outputs\": [{\"output_type\": \"execute_result\", \"data\": {\"text/plain\": \"1\"}, \"execution_count\": 1, \"metadata\": {}}]}],"
                + " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}").getBytes(StandardCharsets.UTF_8);
        Notebook light = Notebook.parseWithoutOutputs(bytes, "n.ipynb");
        assertEquals("1", light.cells().get(0).source());
        assertEquals(List.of(), light.cells().get(0).outputs());
        assertTrue(assertThrows(IllegalStateException.class, light::toBytes).getMessage().contains("would lose them"));
        assertThrows(IllegalStateException.class, light::toNbformatBytes);
        // nor is its layout looked for: that would read every byte of the outputs again
        assertThrows(IllegalStateException.class, light::style);
        assertEquals(1, Notebook.parse(bytes, "n.ipynb").cells().get(0).outputs().size());
    }
}
