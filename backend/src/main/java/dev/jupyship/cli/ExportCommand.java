package dev.jupyship.cli;

import dev.jupyship.errors.BadInput;
import dev.jupyship.export.ExportFiles;
import dev.jupyship.export.ExportOptions;
import dev.jupyship.export.PercentExporter;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.NotebookFiles;
import dev.jupyship.workspace.PathNames;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jupyship export}: notebooks to py:percent. Like jupytext, each export is written beside its
 * notebook unless {@code -o} says otherwise: {@code -o -} prints one notebook's export,
 * {@code -o FILE.py} writes one notebook's export there, {@code -o DIR} mirrors folders under DIR.
 * A .py that is not an earlier export is never overwritten without {@code --force}.
 */
@Command(name = "export", description = "Export notebooks (files or folders) to .py in jupytext's py:percent format.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Notebooks, or folders to search for notebooks.")
    Path[] paths;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "'-' for stdout, a .py file, or a folder (default: beside each notebook).")
    String output;

    @Option(names = "--no-header", negatable = false, description = "Leave out the YAML header (kernelspec, format).")
    boolean noHeader;

    @Option(names = "--force", description = "Replace .py files even when they are not earlier exports.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExportOptions options = new ExportOptions(!noHeader);
        Map<Path, Path> targets = targets();
        if ("-".equals(output) && targets.size() != 1) {
            throw new BadInput("-o - prints one notebook's export; " + targets.size() + " notebooks were given");
        }
        int failed = 0;
        int changed = 0;
        for (Map.Entry<Path, Path> entry : targets.entrySet()) {
            Path notebook = entry.getKey();
            try {
                String text = PercentExporter.export(Notebook.readWithoutOutputs(notebook), options);
                if (entry.getValue() == null) {
                    out.print(text);
                    out.flush();
                } else if (ExportFiles.write(entry.getValue(), text, force)) {
                    changed++;
                    err.println("wrote " + entry.getValue());
                }
            } catch (Exception e) {
                failed++;
                err.println("jupyship export: " + CliErrors.describe(e));
            }
        }
        if (targets.size() > 1 || failed > 0) {
            err.printf("%d notebooks exported (%d files changed), %d failed%n", targets.size() - failed, changed, failed);
        }
        return failed == 0 ? 0 : 1;
    }

    /** Each notebook and where its export goes (null: stdout), in order. */
    private Map<Path, Path> targets() throws Exception {
        Map<Path, Path> targets = new LinkedHashMap<>();
        Path outputPath = output == null || "-".equals(output) ? null : Main.workdir(spec).resolve(PathNames.check(output));
        boolean outputIsFile = outputPath != null && outputPath.toString().endsWith(".py");
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> found = NotebookFiles.under(path);
                if (found.isEmpty()) {
                    throw new BadInput("no notebooks found in " + path);
                }
                for (Path notebook : found) {
                    targets.put(notebook, outputPath == null || outputIsFile
                            ? pyBeside(notebook) : outputPath.resolve(pyName(path.relativize(notebook))));
                }
            } else {
                NotebookFiles.requireNotebook(path);
                Path target = "-".equals(output) ? null
                        : outputPath == null ? pyBeside(path)
                        : outputIsFile ? outputPath
                        : outputPath.resolve(pyName(path.getFileName()));
                targets.put(path, target);
            }
        }
        if (outputIsFile && targets.size() != 1) {
            throw new BadInput("-o " + output + " names one file, but " + targets.size() + " notebooks were given; use a folder");
        }
        return targets;
    }

    private static Path pyBeside(Path notebook) {
        return notebook.resolveSibling(pyName(notebook.getFileName()));
    }

    private static Path pyName(Path relative) {
        String name = relative.toString();
        return Path.of(name.endsWith(".ipynb") ? name.substring(0, name.length() - 6) + ".py" : name + ".py");
    }
}
