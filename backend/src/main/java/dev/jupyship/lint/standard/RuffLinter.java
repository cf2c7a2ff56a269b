package dev.jupyship.lint.standard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.lint.Finding;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.StandardLinter;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * ruff, run on the notebook itself ({@code ruff check --stdin-filename nb.ipynb -}), which knows
 * notebooks natively and reads the project's own ruff configuration from the notebook's folder. Its
 * findings keep ruff's ids; ruff numbers cells from 1 over all cells and lines within the cell,
 * which maps straight onto our positions. Without ruff, we say so instead of failing.
 */
public final class RuffLinter implements StandardLinter {

    private static final long TIMEOUT_SECONDS = 20;

    private final Path executable;

    private RuffLinter(Path executable) {
        this.executable = executable;
    }

    public static RuffLinter at(Path executable) {
        return new RuffLinter(executable);
    }

    /** ruff from {@code $JUPYSHIP_RUFF}, the project's venv ({@code $JUPYSHIP_VENV/bin}), or PATH; null when none. */
    public static RuffLinter find() {
        String configured = System.getenv("JUPYSHIP_RUFF");
        if (configured != null && !configured.isBlank()) {
            return new RuffLinter(Path.of(configured));
        }
        String venv = System.getenv("JUPYSHIP_VENV");
        if (venv != null && Files.isExecutable(Path.of(venv, "bin", "ruff"))) {
            return new RuffLinter(Path.of(venv, "bin", "ruff"));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "ruff");
                if (Files.isExecutable(candidate)) {
                    return new RuffLinter(candidate);
                }
            }
        }
        return null;
    }

    /** The standard linter to use: ruff when found, else one that notes its absence. */
    public static StandardLinter orNote() {
        RuffLinter ruff = find();
        if (ruff != null) {
            return ruff;
        }
        return (notebook, file, name) -> new Result(List.of(),
                List.of("standard Python lint skipped: ruff is not installed (put it on PATH, or set JUPYSHIP_RUFF)"));
    }

    @Override
    public Result lint(Notebook notebook, Path file, String name) {
        if (!notebook.language().equals("python")) {
            return new Result(List.of(), List.of("standard Python lint skipped: the kernel's language is " + notebook.language()));
        }
        String stdinName = file != null ? file.toAbsolutePath().toString() : name;
        if (!stdinName.endsWith(".ipynb")) {
            stdinName = stdinName + ".ipynb";
        }
        List<String> command = List.of(executable.toString(), "check", "--output-format", "json", "--no-cache",
                "--exit-zero", "--stdin-filename", stdinName, "-");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            return new Result(List.of(), List.of("standard Python lint skipped: cannot run " + executable + ": " + e.getMessage()));
        }
        try {
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(notebook.toBytes());
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(List.of(), List.of("standard Python lint skipped: ruff took longer than " + TIMEOUT_SECONDS + " s"));
            }
            if (process.exitValue() != 0) {
                String message = new String(stderr.get(), java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("");
                return new Result(List.of(), List.of("standard Python lint failed: ruff exited with " + process.exitValue() + ": " + message));
            }
            return new Result(findings(Jsons.MAPPER.readTree(stdout.get()), notebook), List.of());
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            return new Result(List.of(), List.of("standard Python lint failed: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(List.of(), List.of("standard Python lint interrupted"));
        }
    }

    private static List<Finding> findings(JsonNode diagnostics, Notebook notebook) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode diagnostic : diagnostics) {
            int cellIndex = diagnostic.path("cell").asInt(0) - 1;
            boolean inCell = cellIndex >= 0 && cellIndex < notebook.cells().size();
            Cell cell = inCell ? notebook.cells().get(cellIndex) : null;
            String code = diagnostic.path("code").isNull() ? "E999" : diagnostic.path("code").asText("E999");
            findings.add(new Finding(code, "ruff", Severity.WARNING, diagnostic.path("message").asText(),
                    inCell ? cellIndex : -1, cell == null ? null : cell.id(),
                    diagnostic.path("location").path("row").asInt(1), diagnostic.path("location").path("column").asInt(1),
                    diagnostic.path("end_location").path("row").asInt(1), diagnostic.path("end_location").path("column").asInt(1),
                    false));
        }
        return findings;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
