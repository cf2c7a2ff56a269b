package dev.jupyship.snippets;

import static dev.jupyship.snippets.SnippetFiles.snippet;
import static dev.jupyship.snippets.SnippetFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.PythonEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnippetCatalogTest {

    @TempDir
    Path root;

    private SnippetCatalog catalog(PythonSyntaxCheck syntax) {
        return new SnippetCatalog(List.of(new SnippetCatalog.Folder(root.resolve("snippets"), "platform"),
                new SnippetCatalog.Folder(root.resolve("team"), "team")), syntax, Duration.ZERO);
    }

    private static List<String> problems(SnippetCatalog.Snapshot snapshot) {
        return snapshot.problems().stream().map(SnippetProblem::toString).toList();
    }

    @Test
    void brokenFilesAreReportedAndTheRestIsServed() throws Exception {
        write(root.resolve("snippets"), "good.md", snippet("good", "", "x = 1"));
        write(root.resolve("snippets"), "broken.md", "---\nid: broken\ntitle: [\n---\n");
        write(root.resolve("snippets"), "README.md", "# not a snippet\n");
        write(root.resolve("snippets"), "twin.md", snippet("good", "", "y = 2"));
        write(root.resolve("snippets"), "orphan.md", snippet("orphan", "missing-one", "z = 3"));
        write(root.resolve("team"), "needs-orphan.md", snippet("needs-orphan", "orphan", "w = 4"));
        SnippetCatalog.Snapshot snapshot = catalog(PythonSyntaxCheck.NONE).current();
        assertEquals(List.of("good"), List.copyOf(snapshot.snippets().keySet()));
        assertEquals("x = 1", snapshot.find("good").cells().get(0).source());
        assertEquals(List.of(
                "snippets/broken.md:3: invalid YAML in the front matter: expected the node content, but found '<stream end>'"
                        + " (while parsing a flow node at line 3)",
                "snippets/broken.md:5: no ```python code block: a snippet needs at least one code cell",
                "snippets/orphan.md:8: requires 'missing-one', which is not in the catalog or has problems",
                "snippets/twin.md:2: duplicate id 'good': snippets/good.md already has it",
                "team/needs-orphan.md:8: requires 'orphan', which is not in the catalog or has problems"), problems(snapshot));
    }

    @Test
    void aTeamFolderOverridesByIdAndAMissingOneIsReported() throws Exception {
        write(root.resolve("snippets"), "a.md", snippet("a", "", "source = 'platform'"));
        write(root.resolve("snippets"), "b.md", snippet("b", "a", "b = 1"));
        SnippetCatalog.Snapshot without = catalog(PythonSyntaxCheck.NONE).current();
        assertEquals(List.of("team: the team snippet folder does not exist"),
                problems(without).stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList());
        write(root.resolve("team/sub"), "mine.md", snippet("a", "", "source = 'team'"));
        SnippetCatalog.Snapshot with = catalog(PythonSyntaxCheck.NONE).current();
        assertEquals(List.of(), with.problems());
        assertEquals("source = 'team'", with.find("a").cells().get(0).source());
        assertEquals("team", with.find("a").source());
        assertEquals("team/sub/mine.md", with.find("a").file());
        assertEquals("platform", with.find("b").source());
    }

    @Test
    void reloadsWhenFilesChangeAppearOrGo() throws Exception {
        Files.createDirectories(root.resolve("team"));
        Path file = write(root.resolve("snippets"), "a.md", snippet("a", "", "v = 1"));
        SnippetCatalog catalog = catalog(PythonSyntaxCheck.NONE);
        assertEquals("v = 1", catalog.current().find("a").cells().get(0).source());
        assertFalse(catalog.refresh(), "nothing changed");

        write(root.resolve("snippets"), "a.md", snippet("a", "", "v = 2"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertEquals("v = 2", catalog.current().find("a").cells().get(0).source());

        write(root.resolve("team"), "b.md", "---\nbroken\n");
        assertEquals(1, catalog.current().problems().size());
        Files.delete(root.resolve("team/b.md"));
        Files.delete(file);
        assertNull(catalog.current().find("a"));
        assertEquals(List.of(), catalog.current().problems());
    }

    @Test
    void pollsAtMostOncePerInterval() throws Exception {
        Files.createDirectories(root.resolve("team"));
        write(root.resolve("snippets"), "a.md", snippet("a", "", "v = 1"));
        SnippetCatalog catalog = new SnippetCatalog(List.of(new SnippetCatalog.Folder(root.resolve("snippets"), "platform")),
                PythonSyntaxCheck.NONE, Duration.ofHours(1));
        write(root.resolve("snippets"), "b.md", snippet("b", "", "v = 1"));
        assertNull(catalog.current().find("b"), "within the interval, no file system scan");
        assertTrue(catalog.refresh());
        assertNotNull(catalog.current().find("b"));
    }

    @Test
    void requiresCyclesAreReported() throws Exception {
        Files.createDirectories(root.resolve("team"));
        write(root.resolve("snippets"), "a.md", snippet("a", "b", "a = 1"));
        write(root.resolve("snippets"), "b.md", snippet("b", "a", "b = 1"));
        write(root.resolve("snippets"), "c.md", snippet("c", "", "c = 1"));
        SnippetCatalog.Snapshot snapshot = catalog(PythonSyntaxCheck.NONE).current();
        assertEquals(List.of("c"), List.copyOf(snapshot.snippets().keySet()));
        assertEquals(List.of("snippets/a.md:8: requires form a cycle: a -> b -> a", "snippets/b.md:8: requires form a cycle: b -> a -> b"),
                problems(snapshot));
    }

    @Test
    void syntaxErrorsFromThePluggedCheckPointAtTheFileLine() throws Exception {
        Files.createDirectories(root.resolve("team"));
        write(root.resolve("snippets"), "a.md", snippet("a", "", "ok = 1\nnot valid(\nmore = 2"));
        write(root.resolve("snippets"), "b.md", snippet("b", "", "fine = 1"));
        PythonSyntaxCheck fake = sources -> sources.stream().filter(s -> s.code().contains("not valid"))
                .map(s -> new PythonSyntaxCheck.SyntaxError(s.key(), 2, "invalid syntax")).toList();
        SnippetCatalog.Snapshot snapshot = catalog(fake).current();
        assertEquals(List.of("b"), List.copyOf(snapshot.snippets().keySet()));
        // front matter 9 lines, a blank, "Notes.", a blank, the fence at 13: code starts at 14, its line 2 is 15
        assertEquals(List.of("snippets/a.md:15: invalid Python: invalid syntax"), problems(snapshot));
    }

    @Test
    void aSyntaxCheckThatCannotRunIsAProblemButSnippetsAreServed() throws Exception {
        Files.createDirectories(root.resolve("team"));
        write(root.resolve("snippets"), "a.md", snippet("a", "", "a = 1"));
        SnippetCatalog.Snapshot snapshot = catalog(sources -> {
            throw new java.io.IOException("no python");
        }).current();
        assertNotNull(snapshot.find("a"));
        assertEquals(List.of("python: the Python syntax check could not run: no python"), problems(snapshot));
    }

    @Test
    void parserChecksSyntaxWithMagicsAllowed() throws Exception {
        Files.createDirectories(root.resolve("team"));
        write(root.resolve("snippets"), "magic.md", snippet("magic", "", "%pip install numpy==2.0.0\n!ls\nx = 1"));
        write(root.resolve("snippets"), "bad.md", snippet("bad", "", "x = 1\ndef f(:\n    pass"));
        write(root.resolve("snippets"), "py2.md", snippet("py2", "", "print 'hello'"));
        SnippetCatalog.Snapshot snapshot = catalog(new ParserSyntaxCheck()).current();
        assertEquals(List.of("magic"), List.copyOf(snapshot.snippets().keySet()));
        List<String> problems = problems(snapshot);
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("snippets/bad.md:15: invalid Python: '(' was never closed", problems.get(0));
        assertTrue(problems.get(1).startsWith("snippets/py2.md:14: invalid Python: "), problems.get(1));
    }
}
