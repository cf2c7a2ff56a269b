package dev.jupyship.contract;

import dev.jupyship.notebook.Json;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.PythonEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The example notebooks of {@code examples/} and what each one expects of its interface test,
 * read from its own metadata ({@code jupyship_example.expect}), so no expectation is written twice.
 */
final class Examples {

    /** @param finding a static finding id; check a failing check's name; passes: the test passes */
    record Expectation(Path notebook, String finding, String check, String message, boolean passes) {
        @Override
        public String toString() {
            return Corpus.repository().relativize(notebook).toString();
        }
    }

    private Examples() {
    }

    static Path root() {
        return Corpus.repository().resolve("examples");
    }

    static List<Path> passing() {
        return list(root()).stream().filter(p -> p.toString().endsWith(".ipynb")).toList();
    }

    static List<Expectation> broken() {
        return list(root().resolve("broken")).stream().filter(p -> p.toString().endsWith(".ipynb")).map(Examples::expectation).toList();
    }

    static Expectation expectation(Path notebook) {
        try {
            Object expect = Json.path(Notebook.read(notebook).metadata(), "jupyship_example", "expect");
            return new Expectation(notebook, (String) Json.path(expect, "finding"), (String) Json.path(expect, "check"),
                    (String) Json.path(expect, "message"), Boolean.TRUE.equals(Json.path(expect, "passes")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PythonEnvironment python() {
        PythonEnv.program("papermill");
        return PythonEnvironment.ofVenv(PythonEnv.root());
    }

    static InterfaceTestRun test(Path notebook, Path workDir, Map<String, Object> parameters) {
        PythonEnvironment python = python();
        return new InterfaceTestRun(notebook, notebook.getFileName().toString(), workDir, parameters, null,
                new PapermillRunner(python), new ParserCodeFacts());
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
