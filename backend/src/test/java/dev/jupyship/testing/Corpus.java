package dev.jupyship.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared corpus of third-party notebooks beside the checkout ({@code ../shared/corpus}). Tests
 * that use it are skipped, not failed, where it is absent; its files are never copied into the
 * repository.
 */
public final class Corpus {

    private Corpus() {
    }

    /** The project's checkout (set by the build), or the working directory's parent for IDE runs. */
    public static Path repository() {
        String configured = System.getProperty("jupyship.repo");
        Path repo = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return repo.toAbsolutePath().normalize();
    }

    public static Path root() {
        String configured = System.getenv("JUPYSHIP_CORPUS");
        return configured != null ? Path.of(configured) : repository().resolve("../shared/corpus").normalize();
    }

    public static boolean present() {
        return Files.isDirectory(root().resolve("notebooks"));
    }

    /** Every .ipynb of the corpus (notebooks/ and large/), sorted; skips the test when absent. */
    public static List<Path> notebooks() {
        assumeTrue(present(), "the shared corpus is not present at " + root());
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A short name for reports: the path under the corpus root. */
    public static String name(Path notebook) {
        return root().relativize(notebook).toString();
    }
}
