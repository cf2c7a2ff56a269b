package dev.jupyship.cli;

import dev.jupyship.export.ExportFiles;
import dev.jupyship.export.ExportOptions;
import dev.jupyship.export.ExportPaths;
import dev.jupyship.export.PercentExporter;
import dev.jupyship.hook.HookInstaller;
import dev.jupyship.hook.StagedExports;
import dev.jupyship.hook.StagedLint;
import dev.jupyship.lint.LintConfig;
import dev.jupyship.lint.LintResult;
import dev.jupyship.lint.Linter;
import dev.jupyship.lint.report.TextReport;
import dev.jupyship.lint.rules.RuleRegistry;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.NotebookFiles;
import dev.jupyship.review.NotebookHistory;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jupyship hook install|run}: the git pre-commit hook that keeps .py exports beside notebooks in every commit. */
@Command(name = "hook", description = "Install or run the git pre-commit hook (export and lint staged notebooks).",
        subcommands = {HookCommand.Install.class, HookCommand.Run.class})
final class HookCommand {

    /** Options the hook and its installer share, so the installed hook runs with what was asked at install. */
    static final class HookOptions {
        @Option(names = "--export-dir", paramLabel = "DIR", description = "Write exports under DIR (mirroring the repository) instead of beside each notebook.")
        String exportDir = "";

        @Option(names = "--no-header", negatable = false, description = "Leave out the YAML header in exports.")
        boolean noHeader;

        @Option(names = "--no-lint", negatable = false, description = "Only export; do not lint the notebooks.")
        boolean noLint;

        List<String> asArguments() {
            List<String> arguments = new ArrayList<>();
            if (!exportDir.isEmpty()) {
                arguments.add("--export-dir");
                arguments.add(exportDir);
            }
            if (noHeader) {
                arguments.add("--no-header");
            }
            if (noLint) {
                arguments.add("--no-lint");
            }
            return arguments;
        }
    }

    @Command(name = "install", description = "Install the pre-commit hook into a git repository.")
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HookOptions options;

        @Option(names = "--repo", description = "The repository (default: the one containing the current folder).")
        Path repo = Path.of(".");

        @Override
        public Integer call() throws Exception {
            new ExportPaths(options.exportDir); // fail now, not at the first commit, on a bad folder
            try (NotebookHistory history = NotebookHistory.open(repo.toAbsolutePath())) {
                Launch launch = launch();
                List<String> command = new ArrayList<>(launch.command());
                command.addAll(List.of("hook", "run"));
                command.addAll(options.asArguments());
                Path hook = HookInstaller.install(history.repository(), command, launch.jar());
                spec.commandLine().getOut().println("installed " + hook);
            }
            return 0;
        }

        /** A command line that starts this same jupyship, and for a launcher the jar it is to start (else null). */
        record Launch(List<String> command, Path jar) {
        }

        /**
         * How to start this same jupyship again: the launcher that started it, which hands the hook to
         * a running sidecar (a commit then waits milliseconds, not a JVM's start) and otherwise starts
         * this jar; without one, the running java with this jar (or class path).
         */
        static Launch launch() throws URISyntaxException {
            Path code = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String launcher = System.getenv("JUPYSHIP_LAUNCHER");
            if (launcher != null && Files.isExecutable(Path.of(launcher)) && Files.isRegularFile(code)) {
                return new Launch(List.of(launcher), code);
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // A short-lived JVM: C1 only and the serial collector start fastest.
            List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            if (Files.isRegularFile(code)) {
                command.addAll(List.of("-jar", code.toString()));
            } else {
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            }
            return new Launch(command, null);
        }
    }

    /**
     * Run by git with no arguments: exports the staged notebooks and stages the exports. Run by the
     * pre-commit framework with file names: writes their exports and fails if any changed, as
     * formatters do there, so the user stages them.
     */
    @Command(name = "run", description = "Export and lint staged notebooks, stage the exports (what the hook runs).")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HookOptions options;

        @Parameters(paramLabel = "NOTEBOOK", arity = "0..*", description = "Notebooks to export (the pre-commit framework passes them); none: the staged ones.")
        List<Path> files = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            ExportOptions exportOptions = new ExportOptions(!options.noHeader);
            ExportPaths paths = new ExportPaths(options.exportDir);
            // git runs hooks at the top of the work tree; the framework passes paths inside it.
            Path inRepository = files.isEmpty() ? Main.workdir(spec).here().toAbsolutePath() : files.get(0).toAbsolutePath();
            try (NotebookHistory history = NotebookHistory.open(inRepository)) {
                return files.isEmpty() ? staged(history, paths, exportOptions, err) : named(history, paths, exportOptions, err);
            }
        }

        private int staged(NotebookHistory history, ExportPaths paths, ExportOptions exportOptions, PrintWriter err) throws Exception {
            // Lint first: a blocked commit leaves the index as the user staged it.
            if (!options.noLint && lintVerdict(StagedLint.run(history, RuleRegistry.linter()), err) != 0) {
                return 1;
            }
            StagedExports.Result result = new StagedExports(history, paths, exportOptions).run();
            result.written().forEach(path -> err.println("jupyship: exported and staged " + path));
            result.removed().forEach(path -> err.println("jupyship: removed " + path + " with its notebook"));
            if (!result.ok()) {
                err.println("jupyship: commit blocked, a staged notebook cannot be exported:");
                result.errors().forEach(error -> err.println("  " + error));
                err.println("Fix the notebook (or unstage it) and commit again.");
                return 1;
            }
            return 0;
        }

        /** Prints findings the way `jupyship lint` does; errors block the commit. */
        private static int lintVerdict(List<LintResult> results, PrintWriter err) {
            boolean findings = results.stream().anyMatch(result -> !result.findings().isEmpty() || !result.notes().isEmpty());
            if (findings) {
                err.print(TextReport.render(results));
                err.flush();
            }
            if (results.stream().anyMatch(LintResult::hasErrors)) {
                err.println("jupyship: commit blocked by lint errors above; fix them, or silence one with '# noqa: ID' and a reason.");
                return 1;
            }
            return 0;
        }

        private int named(NotebookHistory history, ExportPaths paths, ExportOptions exportOptions, PrintWriter err) throws Exception {
            int failed = 0;
            int changed = 0;
            List<LintResult> lint = new ArrayList<>();
            Linter linter = RuleRegistry.linter();
            for (Path file : files) {
                if (!NotebookFiles.isNotebook(file)) {
                    continue;
                }
                try {
                    Notebook notebook = Notebook.read(file);
                    if (!options.noLint) {
                        lint.add(linter.lint(notebook, file, file.toString(), LintConfig.forFile(file, history.workTree())));
                    }
                    String text = PercentExporter.export(notebook, exportOptions);
                    Path target = history.workTree().resolve(paths.exportPathFor(history.repositoryPath(file)));
                    if (ExportFiles.write(target, text, false)) {
                        changed++;
                        err.println("jupyship: wrote " + history.workTree().relativize(target) + "; stage it and commit again");
                    }
                } catch (Exception e) {
                    failed++;
                    err.println("jupyship: " + CliErrors.describe(e));
                }
            }
            int lintCode = lintVerdict(lint, err);
            return failed + changed + lintCode == 0 ? 0 : 1;
        }
    }
}
