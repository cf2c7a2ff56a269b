package dev.jupyship.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cells saved as a team snippet: the format's text, read back the same, loaded by the catalog, or nothing written. */
class SnippetWriterTest {

    @TempDir
    Path scratch;

    private SnippetCatalog catalog(boolean team) {
        List<SnippetCatalog.Folder> folders = team
                ? List.of(new SnippetCatalog.Folder(SnippetFiles.platform(), "platform"), new SnippetCatalog.Folder(scratch.resolve("team"), "team"))
                : List.of(new SnippetCatalog.Folder(SnippetFiles.platform(), "platform"));
        return new SnippetCatalog(folders, new ParserSyntaxCheck(), Duration.ZERO);
    }

    private static SnippetCell code(String source, String... tags) {
        return new SnippetCell(SnippetCell.Kind.CODE, source, List.of(tags), 0);
    }

    private static SnippetCell markdown(String source) {
        return new SnippetCell(SnippetCell.Kind.MARKDOWN, source, List.of(), 0);
    }

    private static SnippetWriter.Draft draft(String id, SnippetCell... cells) {
        return new SnippetWriter.Draft(id, "Score: the holdout", "Scores the model on the \"holdout\" set.", "evaluation",
                List.of("holdout", "score"), List.of(cells));
    }

    @Test
    void theCellsAreWrittenInTheSnippetFormatAndServedAsGiven() throws Exception {
        SnippetCatalog catalog = catalog(true);
        SnippetCell[] cells = {code("holdout_size = 0.2\n", "parameters"), markdown("## Score it\nOn the *holdout*."),
            code("from sklearn.metrics import r2_score\nscore = r2_score(y_holdout, model.predict(X_holdout))")};
        Snippet saved = SnippetWriter.write(catalog, draft("score-holdout", cells));
        assertEquals("""
                ---
                id: score-holdout
                title: "Score: the holdout"
                description: "Scores the model on the \\"holdout\\" set."
                tags: ["holdout","score"]
                category: "evaluation"
                version: "1.0"
                ---

                ```python tags=parameters
                holdout_size = 0.2
                ```

                ## Score it
                On the *holdout*.

                ```python
                from sklearn.metrics import r2_score
                score = r2_score(y_holdout, model.predict(X_holdout))
                ```
                """, Files.readString(scratch.resolve("team/score-holdout.md")));
        assertEquals("team", saved.source());
        assertEquals("Score: the holdout", saved.title());
        assertEquals(List.of("holdout", "score"), saved.tags());
        assertEquals(3, saved.insertedCells().size());
        assertEquals(List.of("parameters"), saved.insertedCells().get(0).tags());
        assertEquals("## Score it\nOn the *holdout*.", saved.insertedCells().get(1).source());
        assertEquals(saved, catalog.current().find("score-holdout"), "the catalog serves it from now on");
    }

    @Test
    void nothingIsWrittenOrReplacedWhenTheSnippetCannotBeSavedAsGiven() throws Exception {
        SnippetCatalog catalog = catalog(true);
        Conflict taken = assertThrows(Conflict.class, () -> SnippetWriter.write(catalog, draft("save-model", code("x = 1"))));
        assertTrue(taken.getMessage().startsWith("a snippet 'save-model' exists already (platform, "), taken.getMessage());
        assertEquals("the id 'Score Holdout' must be lowercase words joined by '-', such as score-holdout",
                assertThrows(BadInput.class, () -> SnippetWriter.write(catalog, draft("Score Holdout", code("x = 1")))).getMessage());
        assertTrue(assertThrows(BadInput.class, () -> SnippetWriter.write(catalog, draft("md-first", markdown("# Title"), code("x = 1"))))
                .getMessage().startsWith("the first cell is markdown"));
        assertEquals("cell 1 holds ``` which would end its block in the snippet file; change it or leave the cell out",
                assertThrows(BadInput.class, () -> SnippetWriter.write(catalog, draft("fenced", code("s = '```'")))).getMessage());
        BadInput syntax = assertThrows(BadInput.class, () -> SnippetWriter.write(catalog, draft("broken-code", code("def f(:\n    pass"))));
        assertTrue(syntax.getMessage().startsWith("the snippet was not saved: "), syntax.getMessage());
        assertFalse(Files.exists(scratch.resolve("team/broken-code.md")), "the file it wrote is gone again");
        assertEquals(null, catalog.current().find("broken-code"));
        assertTrue(catalog.current().problems().isEmpty(), catalog.current().problems().toString());

        SnippetWriter.write(catalog, draft("score-holdout", code("x = 1")));
        assertTrue(assertThrows(Conflict.class, () -> SnippetWriter.write(catalog, draft("score-holdout", code("x = 2"))))
                .getMessage().startsWith("a snippet 'score-holdout' exists already (team"));
        assertTrue(Files.readString(scratch.resolve("team/score-holdout.md")).contains("x = 1"), "never replaced");
        assertTrue(assertThrows(Conflict.class, () -> SnippetWriter.write(catalog(false), draft("other", code("x = 1"))))
                .getMessage().startsWith("no team snippet folder is set up"));
    }
}
