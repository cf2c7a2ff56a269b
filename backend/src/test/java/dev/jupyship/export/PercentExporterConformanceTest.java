package dev.jupyship.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.PythonText;
import dev.jupyship.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance with jupytext 1.19.6 itself, run once (one Python process) for the whole shared
 * corpus: every notebook's export, with and without header, must equal jupytext's output (minus
 * the {@code jupytext_version} line we leave out), and notebooks jupytext cannot convert must be
 * errors for us too. Then jupytext reads our files (corpus and fixtures) back into
 * the same cells. Differences are listed with reasons below; both lists are checked, so a fixed
 * difference must be removed from them.
 */
class PercentExporterConformanceTest {

    /** Corpus notebooks whose export is not jupytext's, and why. */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "notebooks/jupyter__nbformat/tests__v4_5_invalid_metadata.ipynb",
            "invalid notebook whose metadata.kernelspec is a string: jupytext fails (AttributeError on "
                    + "kernelspec.get(\"language\")); we export it and write the string as given");

    /**
     * Notebooks that jupytext's reader does not read back into the same cells; for each,
     * the test also checks that jupytext's own export reads back the same (lossy) way.
     */
    static final Map<String, String> ROUND_TRIP_LIMITS = Map.of(
            "notebooks/mwaskom__seaborn/doc___tutorial__color_palettes.ipynb", tildeFence(),
            "notebooks/mwaskom__seaborn/doc___tutorial__data_structure.ipynb", tildeFence(),
            "notebooks/mwaskom__seaborn/doc___tutorial__error_bars.ipynb", tildeFence(),
            "notebooks/mwaskom__seaborn/doc___tutorial__introduction.ipynb", tildeFence(),
            "notebooks/mwaskom__seaborn/doc___tutorial__objects_interface.ipynb", tildeFence(),
            "notebooks/mwaskom__seaborn/doc___tutorial__properties.ipynb", tildeFence(),
            "notebooks/mwaskom__seaborn/doc___tutorial__relational.ipynb", tildeFence(),
            "notebooks/mwouts__jupytext/tests__data__notebooks__inputs__ipynb_go__hello_world_gonb.ipynb",
            "the //gonb:%% escape of Go notebooks is not undone when the .py file is read back",
            "notebooks/mwouts__jupytext/tests__data__notebooks__inputs__ipynb_groovy__tailrecursive-factorial.ipynb",
            "the notebook's own encoding line (// -*- coding -*-, a Groovy comment) opens the .py file and "
                    + "reads back, with the header, as an extra code cell");

    /** Fixtures that exercise jupytext quirks its reader cannot undo (the text is still jupytext's). */
    static final Map<String, String> FIXTURE_ROUND_TRIP_LIMITS = Map.of(
            "languages.ipynb", "a code cell starting with '%% text' is taken for a language magic with no language: "
                    + "the line becomes magic_args metadata, which the reader does not turn back into source",
            "metadata.ipynb", "a raw cell with active=\"ipynb,R\" reads back as code, and a markdown cell tagged "
                    + "active-py is written as code and reads back as raw",
            "raw_header.ipynb", "lines_to_next_cell=2 on the front-matter cell leaves a blank line that reads back "
                    + "as an extra empty code cell");

    private static String tildeFence() {
        return "raw reStructuredText cells underline headings with ~~~, which jupytext's reader takes for a "
                + "Markdown code fence: the cell markers up to the next ~~~ line are not seen and cells merge";
    }

    private static final Pattern VERSION_LINE = Pattern.compile("(?m)^#       jupytext_version: .*\\n");
    private static final int ROUND_TRIP_SAMPLE = 1; // every notebook: reading back is cheap

    @TempDir
    static Path work;

    private static List<Path> notebooks;

    @BeforeAll
    static void runJupytext() throws IOException, InterruptedException {
        notebooks = Corpus.notebooks();
        JupytextBatch.python(); // skip early when there is no jupytext
        JupytextBatch batch = new JupytextBatch();
        Files.createDirectories(work.resolve("ours"));
        Files.createDirectories(work.resolve("jupytext"));
        Files.createDirectories(work.resolve("back"));
        for (int i = 0; i < notebooks.size(); i++) {
            Path notebook = notebooks.get(i);
            batch.add("export", notebook, jupytext(i, ".py"));
            batch.add("noheader", notebook, jupytext(i, ".noheader.py"));
            boolean exported = exportOurs(notebook, ours(i, ".py"), ExportOptions.DEFAULT);
            exportOurs(notebook, ours(i, ".noheader.py"), new ExportOptions(false));
            if (exported && i % ROUND_TRIP_SAMPLE == 0) {
                batch.add("roundtrip", ours(i, ".py"), work.resolve("back/" + i + ".json"));
                batch.add("roundtrip", jupytext(i, ".py"), work.resolve("back/" + i + ".jupytext.json"));
            }
        }
        for (Path fixture : PercentExporterFixtureTest.fixtures()) {
            String name = fixture.getFileName().toString();
            Path exported = work.resolve("ours/fixture-" + name + ".py");
            exportOurs(fixture, exported, ExportOptions.DEFAULT);
            batch.add("roundtrip", exported, work.resolve("back/fixture-" + name + ".json"));
        }
        batch.run(work);
    }

    private static Path ours(int i, String suffix) {
        return work.resolve("ours/" + i + suffix);
    }

    private static Path jupytext(int i, String suffix) {
        return work.resolve("jupytext/" + i + suffix);
    }

    private static boolean exportOurs(Path notebook, Path target, ExportOptions options) throws IOException {
        try {
            Files.writeString(target, PercentExporter.export(Notebook.readWithoutOutputs(notebook), options), StandardCharsets.UTF_8);
            return true;
        } catch (RuntimeException e) {
            Files.writeString(target.resolveSibling(target.getFileName() + ".error"), e.toString(), StandardCharsets.UTF_8);
            return false;
        }
    }

    @Test
    void exportsMatchJupytext() throws IOException {
        assertMatches(".py");
    }

    @Test
    void exportsWithoutHeaderMatchJupytext() throws IOException {
        assertMatches(".noheader.py");
    }

    private void assertMatches(String suffix) throws IOException {
        Map<String, String> differences = new TreeMap<>();
        int identical = 0;
        int bothFail = 0;
        for (int i = 0; i < notebooks.size(); i++) {
            String name = Corpus.name(notebooks.get(i));
            Path theirs = jupytext(i, suffix);
            Path mine = ours(i, suffix);
            boolean theyFail = !Files.exists(theirs);
            boolean weFail = !Files.exists(mine);
            if (theyFail && weFail) {
                bothFail++;
            } else if (theyFail) {
                differences.put(name, "jupytext fails (" + read(errorOf(theirs)).strip() + ") but we export");
            } else if (weFail) {
                differences.put(name, "we fail (" + read(errorOf(mine)).strip() + ") but jupytext exports");
            } else {
                String expected = VERSION_LINE.matcher(read(theirs)).replaceFirst("");
                String actual = read(mine);
                if (expected.equals(actual)) {
                    identical++;
                } else {
                    differences.put(name, "text differs from line " + firstDifferentLine(expected, actual));
                }
            }
        }
        System.out.printf("py:percent%s conformance: %d notebooks, %d identical, %d errors in both, %d different%n",
                suffix.startsWith(".noheader") ? " (no header)" : "", notebooks.size(), identical, bothFail, differences.size());
        differences.forEach((name, why) -> System.out.println("  " + name + ": " + why));
        assertEquals(new TreeMap<>(KNOWN_DIFFERENCES).keySet(), differences.keySet(),
                "notebooks whose export differs from jupytext's: " + differences);
    }

    @Test
    void jupytextReadsOurFilesBackIntoTheSameCells() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> lossy = new TreeMap<>();
        int checked = 0;
        for (int i = 0; i < notebooks.size(); i += ROUND_TRIP_SAMPLE) {
            Path back = work.resolve("back/" + i + ".json");
            if (!Files.exists(back)) {
                continue;
            }
            checked++;
            String name = Corpus.name(notebooks.get(i));
            List<String> original = cells(Notebook.read(notebooks.get(i)));
            List<String> read = cells(json.readTree(back.toFile()));
            if (!original.equals(read)) {
                lossy.put(name, "cells differ");
                // a limit of jupytext's reader, not of our text: its own file reads back the same way
                // (but for the version line, which a header read as a cell carries along)
                List<String> theirs = new ArrayList<>();
                for (String cell : cells(json.readTree(work.resolve("back/" + i + ".jupytext.json").toFile()))) {
                    theirs.add(VERSION_LINE.matcher(cell).replaceFirst(""));
                }
                assertEquals(read, theirs, name);
            }
        }
        Map<String, String> lossyFixtures = new TreeMap<>();
        for (Path fixture : PercentExporterFixtureTest.fixtures()) {
            String name = fixture.getFileName().toString();
            checked++;
            List<String> original = cells(Notebook.read(fixture));
            List<String> read = cells(json.readTree(work.resolve("back/fixture-" + name + ".json").toFile()));
            if (!original.equals(read)) {
                lossyFixtures.put(name, "original " + original + ", read back " + read);
            }
        }
        System.out.printf("round trip: %d files read back by jupytext, %d lossy (limits of jupytext's reader)%n",
                checked, lossy.size() + lossyFixtures.size());
        assertTrue(checked > 0);
        assertEquals(new TreeMap<>(ROUND_TRIP_LIMITS).keySet(), lossy.keySet(), "notebooks that do not read back: " + lossy);
        assertEquals(new TreeMap<>(FIXTURE_ROUND_TRIP_LIMITS).keySet(), lossyFixtures.keySet(),
                "fixtures that do not read back: " + lossyFixtures);
    }

    /** Cell type and source, compared as jupytext keeps them: without trailing spaces and blank lines. */
    private static List<String> cells(Notebook notebook) {
        List<String> cells = new ArrayList<>();
        for (Cell cell : notebook.cells()) {
            cells.add(cell.type() + ": " + normalized(cell.source()));
        }
        return cells;
    }

    private static List<String> cells(JsonNode back) {
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : back) {
            cells.add(cell.get("cell_type").asText() + ": " + normalized(cell.get("source").asText()));
        }
        return cells;
    }

    private static String normalized(String source) {
        List<String> lines = new ArrayList<>();
        for (String line : PythonText.splitLines(source)) {
            lines.add(line.stripTrailing());
        }
        return PythonStrings.strip(String.join("\n", lines), "\n");
    }

    private static Path errorOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".error");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static int firstDifferentLine(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int n = 0;
        while (n < a.length && n < b.length && a[n].equals(b[n])) {
            n++;
        }
        return n + 1;
    }
}
