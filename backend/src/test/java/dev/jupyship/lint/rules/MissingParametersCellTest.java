package dev.jupyship.lint.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.lint.LintConfig;
import dev.jupyship.lint.Linter;
import dev.jupyship.notebook.Notebook;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JS201's fix writes the tag where nbformat would, and nothing else changes in the file. */
class MissingParametersCellTest {

    private static final Linter LINTER = new Linter(List.of(new MissingParametersCell()));

    /** A Jupyter-written notebook (indent 1, sorted keys): imports, then defaults in a cell whose {@code metadata} is written as given. */
    private static String notebook(String metadata) {
        return "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 1,\n   \"id\": \"a\",\n"
                + "   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n    \"import os\"\n   ]\n  },\n"
                + "  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null,\n   \"id\": \"b\",\n" + metadata
                + "   \"outputs\": [],\n   \"source\": [\n    \"run_date = \\\"2024-01-01\\\"\\n\",\n    \"limit = 10\"\n   ]\n  }\n"
                + " ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
    }

    private static String fixed(String input) {
        Notebook notebook = Notebook.parse(input.getBytes(StandardCharsets.UTF_8), "test.ipynb");
        assertArrayEquals(input.getBytes(StandardCharsets.UTF_8), notebook.toBytes(), "the input reads back as written");
        assertEquals(List.of("JS201"), LINTER.fix(notebook, null, "test.ipynb", LintConfig.defaults()));
        return new String(notebook.toBytes(), StandardCharsets.UTF_8);
    }

    private static final String TAGS = "    \"tags\": [\n     \"parameters\"\n    ],\n";

    @Test
    void tagsGoWhereSortingPutsThem() {
        String before = notebook("   \"metadata\": {\n    \"collapsed\": false,\n    \"trusted\": true\n   },\n");
        String after = notebook("   \"metadata\": {\n    \"collapsed\": false,\n" + TAGS + "    \"trusted\": true\n   },\n");
        assertEquals(after, fixed(before));
    }

    @Test
    void emptyMetadataGetsTags() {
        String after = notebook("   \"metadata\": {\n" + TAGS.replace("],\n", "]\n") + "   },\n");
        assertEquals(after, fixed(notebook("   \"metadata\": {},\n")));
    }

    @Test
    void existingTagsAreKept() {
        String before = notebook("   \"metadata\": {\n    \"tags\": [\n     \"setup\"\n    ]\n   },\n");
        String after = notebook("   \"metadata\": {\n    \"tags\": [\n     \"setup\",\n     \"parameters\"\n    ]\n   },\n");
        assertEquals(after, fixed(before));
    }

    @Test
    void unsortedKeysGetTheTagLast() {
        String before = notebook("   \"metadata\": {\n    \"trusted\": true,\n    \"collapsed\": false\n   },\n");
        String after = notebook("   \"metadata\": {\n    \"trusted\": true,\n    \"collapsed\": false,\n"
                + TAGS.replace("],\n", "]\n") + "   },\n");
        assertEquals(after, fixed(before));
    }

    @Test
    void missingMetadataIsCreatedInItsSortedPlace() {
        String after = notebook("   \"metadata\": {\n" + TAGS.replace("],\n", "]\n") + "   },\n");
        assertEquals(after, fixed(notebook("")));
    }
}
