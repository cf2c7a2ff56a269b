package dev.jupyship.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SnippetParserTest {

    private static final String FRONT = "---\nid: demo\ntitle: Demo\ndescription: A demo.\ntags: [a, B]\ncategory: Data\nversion: \"1.0\"\n";

    @Test
    void readsFrontMatterNotesCellsAndTheirLines() {
        String text = FRONT + "packages: [pandas]\nrequires: [parameters]\n---\n\nNotes with **bold**.\n\n"
                + "```python check-setup\nsetup = 1\n```\n\n"
                + "```python tags=parameters,x\nalpha = 0.1\n```\n\nA markdown cell.\n\n```json\n{\"not\": \"code\"}\n```\n\n```py\nbeta = alpha\nprint(beta)\n```\n";
        SnippetParser.Result result = SnippetParser.parse(text, "snippets/demo.md", "platform");
        assertEquals(List.of(), result.problems());
        Snippet snippet = result.snippet();
        assertEquals("demo", snippet.id());
        assertEquals(List.of("a", "b"), snippet.tags());
        assertEquals("data", snippet.category());
        assertEquals("1.0", snippet.version());
        assertEquals(List.of("pandas"), snippet.packages());
        assertEquals(List.of("parameters"), snippet.requires());
        assertEquals("Notes with **bold**.", snippet.notes());
        List<SnippetCell> cells = snippet.cells();
        assertEquals(4, cells.size());
        assertEquals(new SnippetCell(SnippetCell.Kind.CHECK_SETUP, "setup = 1", List.of(), 15), cells.get(0));
        assertEquals(new SnippetCell(SnippetCell.Kind.CODE, "alpha = 0.1", List.of("parameters", "x"), 19), cells.get(1));
        assertEquals(SnippetCell.Kind.MARKDOWN, cells.get(2).kind());
        assertEquals("A markdown cell.\n\n```json\n{\"not\": \"code\"}\n```", cells.get(2).source());
        assertEquals(new SnippetCell(SnippetCell.Kind.CODE, "beta = alpha\nprint(beta)", List.of(), 29), cells.get(3));
        assertEquals(3, snippet.insertedCells().size());
        assertEquals(8, snippet.line("packages"));
    }

    static Stream<Arguments> brokenFiles() {
        String code = "\n```python\nx = 1\n```\n";
        return Stream.of(
                Arguments.of("no front matter", "# Title\n" + code, 1, "starts with front matter"),
                Arguments.of("front matter never closed", "---\nid: x\n" + code, 1, "never closed by a line '---'"),
                Arguments.of("invalid YAML", FRONT + "packages: [a, b\n---\n" + code, 8, "invalid YAML in the front matter"),
                Arguments.of("not a mapping", "---\n- a\n- b\n---\n" + code, 2, "must be YAML key: value lines"),
                Arguments.of("unknown key", FRONT + "tag: [x]\n---\n" + code, 8, "unknown front matter key 'tag'"),
                Arguments.of("missing key", "---\nid: demo\ntitle: T\ndescription: D\ntags: [a]\nversion: \"1\"\n---\n" + code, 1,
                        "the front matter has no 'category'"),
                Arguments.of("key twice", FRONT + "title: Again\n---\n" + code, 8, "'title' is given twice (first at line 3)"),
                Arguments.of("tags not a list", FRONT.replace("tags: [a, B]", "tags: a, b") + "---\n" + code, 5, "'tags' must be a list"),
                Arguments.of("bad id", FRONT.replace("id: demo", "id: Save_Model") + "---\n" + code, 2,
                        "id 'Save_Model' must be lowercase letters and digits joined by '-'"),
                Arguments.of("bad requires", FRONT + "requires:\n  - ok-one\n  - Not An Id\n---\n" + code, 10, "'Not An Id' is not a snippet id"),
                Arguments.of("pinned package", FRONT + "packages: [pandas==2.2]\n---\n" + code, 8, "is not a PyPI package name"),
                Arguments.of("runnable not boolean", FRONT + "runnable: maybe\n---\n" + code, 8, "'runnable' must be true or false"),
                Arguments.of("no code block", FRONT + "---\n\nOnly prose.\n", 9, "no ```python code block"),
                Arguments.of("code block never closed", FRONT + "---\n\n```python\nx = 1\n", 10, "the code block opened here is never closed"),
                Arguments.of("unknown block option", FRONT + "---\n\n```python tag=parameters\nx = 1\n```\n", 10,
                        "unknown code block option 'tag=parameters'"),
                Arguments.of("empty code block", FRONT + "---\n\n```python\n\n```\n\n```python\nx = 1\n```\n", 10, "empty code block"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void eachBrokenFileKindNamesTheFileAndLine(String kind, String text, int line, String message) {
        SnippetParser.Result result = SnippetParser.parse(text, "team/broken.md", "team");
        assertNull(result.snippet(), kind);
        SnippetProblem problem = result.problems().get(0);
        assertEquals("team/broken.md", problem.file());
        assertTrue(problem.message().contains(message), problem.toString());
        assertEquals(line, problem.line(), problem.toString());
        assertTrue(problem.toString().startsWith("team/broken.md:" + line + ": "), problem.toString());
    }

    @Test
    void filesThatAreNotUtf8AreRefused(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("latin1.md"), new byte[] {'-', '-', '-', '\n', (byte) 0xe9, '\n'});
        SnippetParser.Result result = SnippetParser.parse(file, "team/latin1.md", "team");
        assertEquals("team/latin1.md: is not UTF-8 text", result.problems().get(0).toString());
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreRead() {
        String text = "\uFEFF" + (FRONT + "---\n\n```python\nx = 1\n```\n").replace("\n", "\r\n");
        SnippetParser.Result result = SnippetParser.parse(text, "a.md", "platform");
        assertEquals(List.of(), result.problems());
        assertEquals("x = 1", result.snippet().cells().get(0).source());
    }
}
