package dev.jupyship.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.Notebooks;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad input gets an error that names the file, the problem and the place. */
class NotebookErrorsTest {

    private static String error(String text) {
        return error(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(byte[] bytes) {
        return assertThrows(NotebookFormatException.class, () -> Notebook.parse(bytes, "work/nb.ipynb")).getMessage();
    }

    @Test
    void truncatedJsonNamesLineAndColumn() {
        String whole = Notebooks.of("code", "x = 1");
        String message = error(whole.substring(0, whole.indexOf("\"metadata\": {}")));
        assertTrue(message.startsWith("work/nb.ipynb: invalid JSON at line 6, column 4: "), message);
        assertTrue(message.contains("the file ends in the middle of the JSON (truncated?)"), message);
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        String message = error("{\n \"cells\": [\n  {\"cell_type\": \"code\" \"source\": \"\"}\n ]\n}\n");
        assertTrue(message.startsWith("work/nb.ipynb: invalid JSON at line 3, column 24: "), message);
    }

    @Test
    void aFileThatIsNotJsonIsNamedWithoutEchoingItsContent() {
        assertEquals("work/nb.ipynb: invalid JSON at line 1, column 1: a word that is not JSON (only true, false and null are)",
                error("root:x:0:0:root:/root:/bin/bash\n"));
        assertEquals("work/nb.ipynb: invalid JSON at line 2, column 1: a character that JSON does not allow there", error("{\n'secret': 1}"));
        assertEquals("work/nb.ipynb: invalid JSON at line 1, column 11: a control character inside a string (it must be escaped)",
                error("{\"a\": \"sec\u0001ret\"}"));
        assertEquals("work/nb.ipynb: invalid JSON at line 1, column 8: a closing bracket that does not match the one opened", error("{\"a\": [}"));
        for (String secret : new String[] {"root:x:0:0", "{\n'secret': 1}", "{\"a\": \"sec\u0001ret\"}", "[tokenValue42]", "{\"a\": 12secret}"}) {
            String message = error(secret);
            for (String word : new String[] {"root", "secret", "tokenValue42", "'"}) {
                assertTrue(!message.contains(word), message);
            }
        }
    }

    @Test
    void binaryFileIsNamedAsSuch() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
        assertEquals("work/nb.ipynb: invalid JSON at line 1, column 2: not UTF-8 text (is it a binary file?)", error(png));
        byte[] latin1 = "{\"cells\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(error(latin1).contains("not UTF-8 text"), error(latin1));
    }

    @Test
    void olderAndUnknownFormatsAreRefusedWithAWayOut() {
        String v3 = "{\"metadata\": {}, \"nbformat\": 3, \"nbformat_minor\": 0, \"worksheets\": []}";
        assertTrue(error(v3).contains("nbformat 3 notebooks are not supported, only nbformat 4"), error(v3));
        assertTrue(error(v3).contains("jupyter nbconvert --to notebook --inplace"), error(v3));
        assertEquals("work/nb.ipynb: not a Jupyter notebook: it has no \"nbformat\" version number", error("{\"cells\": []}"));
        assertEquals("work/nb.ipynb: not a Jupyter notebook: the JSON is not an object", error("[1, 2]"));
        assertEquals("work/nb.ipynb: the file is empty, not a notebook", error(""));
    }

    @Test
    void versionNumbersTooBigForANumberAreRefusedNotCrashedOn() {
        String huge = "{\"cells\": [], \"metadata\": {}, \"nbformat\": 61278223078290180014080, \"nbformat_minor\": 5}";
        assertEquals("work/nb.ipynb: not a Jupyter notebook: it has no \"nbformat\" version number", error(huge));
        String hugeMinor = "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": -1755264537578027166422225911808}";
        assertTrue(error(hugeMinor).contains("\"nbformat_minor\" is missing or not a number"), error(hugeMinor));
        String hugeCount = Notebooks.of("code", "x = 1").replace("\"execution_count\": null", "\"execution_count\": 99999999999999999999");
        assertEquals(null, Notebook.parse(hugeCount.getBytes(StandardCharsets.UTF_8), "nb.ipynb").cells().get(0).executionCount());
    }

    @Test
    void cellErrorsNameTheCell() {
        String badSource = Notebooks.of("markdown", "ok", "code", "x").replace("\"source\": \"x\"", "\"source\": 42");
        assertEquals("work/nb.ipynb: cell 1 (code): \"source\" is not a string or a list of strings, not text", error(badSource));
    }

    @Test
    void newerMinorVersionsAreReadWithEverythingKept() {
        String future = Notebooks.of("code", "x = 1").replace("\"nbformat_minor\": 5", "\"nbformat_minor\": 99")
                .replace("\"metadata\": {},", "\"future_field\": [\n    1.50,\n    {\n     \"a\": null\n    }\n   ],\n   \"metadata\": {},");
        Notebook notebook = Notebook.parse(future.getBytes(StandardCharsets.UTF_8), "nb.ipynb");
        assertEquals(99, notebook.nbformatMinor());
        assertEquals(future, new String(notebook.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void hugeCellIsReadWhole() {
        String big = "x = 1\n".repeat(2_000_000);
        Notebook notebook = Notebook.parse(Notebooks.bytes("code", big), "big.ipynb");
        assertEquals(big, notebook.cells().get(0).source());
    }

    @Test
    void sourceEditsKeepTheFileForm() {
        String listForm = Notebooks.of("code", "a").replace("\"source\": \"a\"", "\"source\": [\n    \"a\"\n   ]");
        Notebook notebook = Notebook.parse(listForm.getBytes(StandardCharsets.UTF_8), "nb.ipynb");
        notebook.cells().get(0).setSource("a = 1\nb = 2\r\nc");
        assertEquals(java.util.List.of("a = 1\n", "b = 2\r\n", "c"), notebook.cells().get(0).json().get("source"));
        assertEquals("a = 1\nb = 2\r\nc", notebook.cells().get(0).source());
    }
}
