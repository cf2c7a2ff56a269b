package dev.jupyship.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jupyship snippets list|show} over the real folder. */
class SnippetsCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static final String DIR = SnippetFiles.platform().toString();

    @Test
    void listsAndSearches() {
        Run all = run("snippets", "list", "--dir", DIR);
        assertEquals(0, all.exit(), all.err());
        assertEquals(20, all.out().lines().count(), all.out());
        Run found = run("snippets", "list", "--dir", DIR, "save", "model");
        assertTrue(found.out().startsWith("save-model "), found.out());
        Run filtered = run("snippets", "list", "--dir", DIR, "--category", "training", "--json");
        assertTrue(filtered.out().contains("\"id\" : \"train-lightgbm\"") && !filtered.out().contains("save-model"), filtered.out());
    }

    @Test
    void showsCellsAndReportsProblemsOfATeamFolder(@TempDir Path team) throws Exception {
        Run shown = run("snippets", "show", "--dir", DIR, "parameters");
        assertEquals(0, shown.exit(), shown.err());
        assertTrue(shown.out().contains("# %% tags=[parameters]\nrun_date = \"2024-06-01\""), shown.out());
        SnippetFiles.write(team, "bad.md", "---\nid: bad\n");
        Run missing = run("snippets", "show", "--dir", DIR, "--team", team.toString(), "bad");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("bad.md:1: the front matter opened at line 1 is never closed"), missing.err());
        assertTrue(missing.err().contains("no snippet 'bad' in the catalog"), missing.err());
    }
}
