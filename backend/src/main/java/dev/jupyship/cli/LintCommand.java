package dev.jupyship.cli;

import dev.jupyship.json.Jsons;
import dev.jupyship.lint.Finding;
import dev.jupyship.lint.LintConfig;
import dev.jupyship.lint.LintResult;
import dev.jupyship.lint.Linter;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.report.JsonReport;
import dev.jupyship.lint.report.SarifReport;
import dev.jupyship.lint.report.TextReport;
import dev.jupyship.lint.rules.RuleRegistry;
import dev.jupyship.notebook.AtomicFiles;
import dev.jupyship.notebook.FileVersion;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.NotebookFiles;
import dev.jupyship.notebook.SourceLocations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jupyship lint PATH...}: the platform rules on notebooks, as text (like ruff), JSON or SARIF.
 * Exit code 1 when an error-severity finding remains or a notebook cannot be read.
 */
@Command(name = "lint", description = "Check notebooks against the platform rules (see lint-rules/).")
final class LintCommand implements Callable<Integer> {

    enum Format { text, json, sarif }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Notebooks, or folders to search for notebooks.")
    List<Path> paths;

    @Option(names = "--format", description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Option(names = "--fix", description = "Apply the safe fixes (marked [*]) and write the notebooks back.")
    boolean fix;

    @Option(names = "--no-standard", description = "Skip the standard Python linter (ruff); only the platform rules.")
    boolean noStandard;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Linter linter = noStandard ? RuleRegistry.linter().withoutStandardLint() : RuleRegistry.linter();
        // Notebooks are linted in parallel (rules are stateless); the report keeps the order given.
        List<Checked> checked = notebooks().parallelStream().map(path -> check(linter, path, err)).toList();
        List<LintResult> results = checked.stream().map(Checked::result).toList();
        Map<String, SourceLocations> locations = new HashMap<>();
        checked.stream().filter(c -> c.locations() != null).forEach(c -> locations.put(c.result().file(), c.locations()));
        long failed = checked.stream().filter(c -> !c.done()).count();
        String report = switch (format) {
            case text -> TextReport.render(results);
            case json -> Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results.stream().map(JsonReport::of).toList()) + "\n";
            case sarif -> Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                    SarifReport.render(results, linter.rules(), locations::get)) + "\n";
        };
        if (output != null) {
            AtomicFiles.write(output, report.getBytes(StandardCharsets.UTF_8));
        } else {
            spec.commandLine().getOut().print(report);
            spec.commandLine().getOut().flush();
        }
        boolean errors = results.stream().flatMap(r -> r.findings().stream()).map(Finding::severity).anyMatch(Severity.ERROR::equals);
        return errors || failed > 0 ? 1 : 0;
    }

    /** One notebook's result; {@code locations} only for SARIF; {@code done} false when it could not be read or fixed. */
    private record Checked(LintResult result, SourceLocations locations, boolean done) {
    }

    private Checked check(Linter linter, Path notebookPath, PrintWriter err) {
        String name = Main.workdir(spec).shown(notebookPath.toString());
        try {
            FileVersion read = AtomicFiles.read(notebookPath);
            byte[] bytes = read.bytes();
            Notebook notebook = Notebook.parse(bytes, name);
            LintConfig config = LintConfig.forFile(notebookPath, null);
            String notFixed = null;
            if (fix) {
                List<String> fixed = linter.fix(notebook, notebookPath, name, config);
                if (!fixed.isEmpty()) {
                    byte[] fixedBytes = notebook.toBytes();
                    try {
                        AtomicFiles.write(notebookPath, fixedBytes, read);
                        bytes = fixedBytes;
                        synchronized (err) {
                            err.println("fixed " + String.join(", ", fixed) + " in " + name);
                        }
                    } catch (IOException e) {
                        // the report then describes the file as it was read, which is still what is on disk (or older)
                        notFixed = LintResult.NOT_FIXED + CliErrors.describe(e);
                        notebook = Notebook.parse(bytes, name);
                    }
                }
            }
            LintResult result = linter.lint(notebook, notebookPath, name, config);
            if (notFixed != null) {
                result = result.withNote(notFixed);
            }
            return new Checked(result, format == Format.sarif ? SourceLocations.of(bytes) : null, notFixed == null);
        } catch (Exception e) {
            return new Checked(LintResult.notLinted(name, CliErrors.describe(e)), null, false);
        }
    }

    private List<Path> notebooks() throws Exception {
        List<Path> found = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                found.addAll(NotebookFiles.under(path));
            } else {
                NotebookFiles.requireNotebook(path);
                found.add(path);
            }
        }
        return found;
    }
}
