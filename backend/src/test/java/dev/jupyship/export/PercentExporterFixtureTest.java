package dev.jupyship.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture notebook under {@code resources/export/fixtures} (one per feature: magics, cell
 * languages, metadata, PEP 8 spacing, YAML header...) against the text jupytext 1.19.6 wrote for it
 * ({@code ../regenerate-expected.sh}), with and without the header. The checked-in texts are
 * themselves written again by the pinned jupytext in every run, so they cannot drift from it.
 */
class PercentExporterFixtureTest {

    static final Path FIXTURES = Path.of("src/test/resources/export/fixtures");
    private static final Pattern VERSION_LINE = Pattern.compile("(?m)^#       jupytext_version: .*\\n");
    private static final Pattern PIN = Pattern.compile("(?m)^jupytext==(\\S+)$");

    static List<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void withHeader(Path notebook) throws IOException {
        assertEquals(expected(notebook, ".py"), PercentExporter.export(Notebook.read(notebook), ExportOptions.DEFAULT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void withoutHeader(Path notebook) throws IOException {
        assertEquals(expected(notebook, ".noheader.py"),
                PercentExporter.export(Notebook.read(notebook), new ExportOptions(false)));
    }

    /**
     * The pinned jupytext (image/requirements.txt) run on every fixture writes exactly the checked-in
     * texts, which are our exporter's; {@code regenerate-expected.sh} writes them again.
     */
    @Test
    void goldensAreWhatThePinnedJupytextWrites(@TempDir Path work) throws IOException, InterruptedException {
        JupytextBatch batch = new JupytextBatch();
        batch.add("version", Path.of("-"), work.resolve("version.txt"));
        List<Path> fixtures = fixtures();
        for (Path notebook : fixtures) {
            String name = notebook.getFileName().toString();
            batch.add("export", notebook, work.resolve(name + ".py"));
            batch.add("noheader", notebook, work.resolve(name + ".noheader.py"));
        }
        batch.run(work);
        Matcher pin = PIN.matcher(Files.readString(Corpus.repository().resolve("image/requirements.txt"), StandardCharsets.UTF_8));
        assertTrue(pin.find(), "no jupytext pin in image/requirements.txt");
        assertEquals(pin.group(1), Files.readString(work.resolve("version.txt"), StandardCharsets.UTF_8), "the jupytext that ran");
        List<String> problems = new ArrayList<>();
        for (Path notebook : fixtures) {
            String name = notebook.getFileName().toString();
            for (String suffix : List.of(".py", ".noheader.py")) {
                Path written = work.resolve(name + suffix);
                assertTrue(Files.exists(written), name + ": jupytext failed: " + read(work.resolve(name + suffix + ".error")));
                String theirs = VERSION_LINE.matcher(read(written)).replaceFirst("");
                String golden = name.replace(".ipynb", suffix);
                if (!theirs.equals(expected(notebook, suffix))) {
                    problems.add(golden + " is not what jupytext writes (run ../regenerate-expected.sh)");
                }
                ExportOptions options = suffix.equals(".py") ? ExportOptions.DEFAULT : new ExportOptions(false);
                if (!theirs.equals(PercentExporter.export(Notebook.read(notebook), options))) {
                    problems.add(golden + ": our export is not what jupytext writes");
                }
            }
        }
        assertTrue(fixtures.size() > 10, "the fixtures were not found: " + fixtures);
        assertEquals(List.of(), problems);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static String expected(Path notebook, String suffix) throws IOException {
        String name = notebook.getFileName().toString().replace(".ipynb", suffix);
        return Files.readString(notebook.resolveSibling(name), StandardCharsets.UTF_8);
    }
}
