package dev.jupyship.export;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jupyship.testing.PythonEnv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the pinned jupytext for many files in one Python process ({@code jupytext_batch.py}), the
 * oracle of the exporter's conformance tests. jupytext is found as the product finds its Python
 * environment ({@code $JUPYSHIP_VENV}, else {@code <repo>/.venv}: {@link PythonEnv}), else at
 * {@code $JUPYSHIP_JUPYTEXT}; tests are skipped when neither exists.
 */
final class JupytextBatch {

    /** One job: {@code export}, {@code noheader} or {@code roundtrip}; see the script. */
    record Job(String kind, Path source, Path target) {
    }

    private final List<Job> jobs = new ArrayList<>();

    void add(String kind, Path source, Path target) {
        jobs.add(new Job(kind, source, target));
    }

    /** The Python interpreter of the jupytext installation, or a skipped test. */
    static Path python() throws IOException {
        Path jupytext = PythonEnv.root().resolve("bin/jupytext");
        if (!Files.isExecutable(jupytext)) {
            String configured = System.getenv("JUPYSHIP_JUPYTEXT");
            assumeTrue(configured != null && Files.isExecutable(Path.of(configured)),
                    "no jupytext at " + jupytext + ": run scripts/setup-python (the test command does), or set JUPYSHIP_JUPYTEXT");
            jupytext = Path.of(configured);
        }
        Path sibling = jupytext.resolveSibling("python");
        if (Files.isExecutable(sibling)) {
            return sibling;
        }
        String firstLine = Files.readAllLines(jupytext, StandardCharsets.UTF_8).get(0);
        assumeTrue(firstLine.startsWith("#!"), "cannot find the Python interpreter of " + jupytext);
        return Path.of(firstLine.substring(2).trim());
    }

    /** Runs every job; results are the target files, or {@code <target>.error}. */
    void run(Path workDirectory) throws IOException, InterruptedException {
        Path script = workDirectory.resolve("jupytext_batch.py");
        try (InputStream in = JupytextBatch.class.getResourceAsStream("/export/jupytext_batch.py")) {
            Files.copy(in, script);
        }
        StringBuilder list = new StringBuilder();
        for (Job job : jobs) {
            list.append(job.kind()).append('\t').append(job.source()).append('\t').append(job.target()).append('\n');
        }
        Path jobFile = workDirectory.resolve("jobs.tsv");
        Files.writeString(jobFile, list, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(python().toString(), script.toString(), jobFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDirectory.resolve("jupytext.log").toFile())
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("jupytext batch timed out");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("jupytext batch failed: " + Files.readString(workDirectory.resolve("jupytext.log")));
        }
    }
}
