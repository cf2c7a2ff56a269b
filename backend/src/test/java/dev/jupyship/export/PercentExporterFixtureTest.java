package dev.jupyship.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.notebook.Notebook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture notebook under {@code resources/export/fixtures} (one per feature: magics, cell
 * languages, metadata, PEP 8 spacing, YAML header...) against the text jupytext 1.19.6 wrote for it
 * ({@code regenerate-expected.sh} beside them), with and without the header.
 */
class PercentExporterFixtureTest {

    static final Path FIXTURES = Path.of("src/test/resources/export/fixtures");

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

    private static String expected(Path notebook, String suffix) throws IOException {
        String name = notebook.getFileName().toString().replace(".ipynb", suffix);
        return Files.readString(notebook.resolveSibling(name), StandardCharsets.UTF_8);
    }
}
