package dev.jupyship.cli;

import dev.jupyship.contract.Check;
import dev.jupyship.contract.InterfaceTestReport;
import dev.jupyship.contract.InterfaceTestRun;
import dev.jupyship.contract.JUnitXml;
import dev.jupyship.contract.ParserCodeFacts;
import dev.jupyship.notebook.NotebookFiles;
import dev.jupyship.run.CellFailure;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.PythonEnvironment;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jupyship test}: interface tests of notebooks against their contracts, one after the
 * other, each in its own working folder; prints every check, writes JUnit XML on request, and
 * exits 1 when a notebook fails.
 */
@Command(name = "test", description = "Run notebooks' interface tests: the contract checked statically, then a papermill run "
        + "with the test parameters and its outputs verified.")
final class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Notebooks, or folders to search for notebooks.")
    Path[] paths;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write the results as JUnit XML.")
    Path junitXml;

    @Option(names = "--kernel", description = "Kernel to run (default: the one each notebook names).")
    String kernel;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the runs' folders go (default: a new temporary folder).")
    Path workDir;

    @Option(names = "--venv", paramLabel = "DIR", description = "Python environment with papermill (default: $JUPYSHIP_VENV, else the PATH).")
    Path venv;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PythonEnvironment python = venv != null ? PythonEnvironment.ofVenv(venv) : PythonEnvironment.detect();
        PapermillRunner runner = new PapermillRunner(python);
        ParserCodeFacts facts = new ParserCodeFacts();
        List<Path> notebooks = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                notebooks.addAll(NotebookFiles.under(path));
            } else {
                NotebookFiles.requireNotebook(path);
                notebooks.add(path);
            }
        }
        // Made once every path is known to be a notebook: a refused path leaves no folder behind.
        Path root = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("jupyship-test-");
        List<InterfaceTestReport> reports = new ArrayList<>();
        for (int i = 0; i < notebooks.size(); i++) {
            Path notebook = notebooks.get(i);
            String name = Main.workdir(spec).shown(notebook.toString());
            Path folder = root.resolve(String.format(Locale.ROOT, "%03d-%s", i + 1, notebook.getFileName().toString().replace(".ipynb", "")));
            InterfaceTestReport report = new InterfaceTestRun(notebook, name, folder, Map.of(), kernel, runner, facts).run();
            reports.add(report);
            print(out, report);
        }
        long failed = reports.stream().filter(r -> !r.passed()).count();
        if (reports.size() > 1) {
            out.printf("%d notebooks tested: %d passed, %d failed%n", reports.size(), reports.size() - failed, failed);
        }
        if (junitXml != null) {
            JUnitXml.write(reports, junitXml);
            out.println("JUnit XML: " + junitXml);
        }
        out.flush();
        if (workDir == null) {
            // The default folder is kept for the executed notebooks it holds, and only then.
            try (java.util.stream.Stream<Path> entries = Files.list(root)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(root);
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    static void print(PrintWriter out, InterfaceTestReport report) {
        out.printf("%s %s (%.1f s)%n", report.verdict(), report.notebook(), report.timings().totalMillis() / 1000.0);
        for (Check check : report.checks()) {
            out.printf("  %s %s: %s%n", check.passed() ? "ok  " : "FAIL", check.name(), check.message());
            if (check.detail() instanceof CellFailure failure && failure.source() != null) {
                out.println("       cell " + failure.cell() + ":");
                failure.source().lines().limit(15).forEach(line -> out.println("         " + line));
                List<String> traceback = failure.traceback();
                traceback.subList(Math.max(0, traceback.size() - 12), traceback.size())
                        .forEach(block -> block.lines().forEach(line -> out.println("       " + line)));
            } else if (check.detail() instanceof List<?> findings && check.name().equals("contract")) {
                findings.forEach(finding -> out.println("       " + finding));
            }
        }
        if (report.executedNotebook() != null) {
            out.println("  executed notebook: " + report.executedNotebook());
        }
        out.flush();
    }
}
