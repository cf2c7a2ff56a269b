package dev.jupyship.snippets;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jupyship.api.Jsons;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Python syntax checked by CPython's own {@code ast.parse}, all cells in one process (a few tens of
 * milliseconds plus IPython's import). Used by the quality gate, and by the sidecar when the pod's
 * Python is found, until the in-Java parser lands.
 */
public final class CPythonSyntaxCheck implements PythonSyntaxCheck {

    private static final String SCRIPT = script();
    private final Path python;

    public CPythonSyntaxCheck(Path python) {
        this.python = python;
    }

    /** The interpreter of a virtual environment ({@code VENV/bin/python}), if it is there. */
    public static Optional<CPythonSyntaxCheck> inVenv(Path venv) {
        Path python = venv.resolve("bin").resolve("python");
        return Files.isExecutable(python) ? Optional.of(new CPythonSyntaxCheck(python)) : Optional.empty();
    }

    @Override
    public List<SyntaxError> check(List<Source> sources) throws IOException, InterruptedException {
        if (sources.isEmpty()) {
            return List.of();
        }
        Process process = new ProcessBuilder(python.toString(), "-c", SCRIPT).redirectErrorStream(false).start();
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (var in = process.getOutputStream()) {
            in.write(Jsons.MAPPER.writeValueAsBytes(sources.stream().map(s -> Map.of("key", s.key(), "code", s.code())).toList()));
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the Python syntax check did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("the Python syntax check failed (" + python + "): "
                    + new String(stderr.join(), StandardCharsets.UTF_8).strip());
        }
        return Jsons.MAPPER.readValue(out, new TypeReference<List<SyntaxError>>() { });
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String script() {
        try (InputStream in = CPythonSyntaxCheck.class.getResourceAsStream("syntax_check.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
