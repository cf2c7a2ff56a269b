package dev.jupyship.snippets;

import dev.jupyship.lint.rules.RuleRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The quality gate behind {@code jupyship snippets check} and the test command: loads the folders
 * with jupyship's own syntax check ({@link ParserSyntaxCheck}), then runs every {@link SnippetCheck}
 * over what loaded. A snippet
 * with any problem fails the gate, and so cannot be merged.
 */
public final class SnippetGate {

    /** @param served how many snippets loaded; @param problems all problems, load and checks */
    public record Report(int served, List<SnippetProblem> problems, long millis) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    private SnippetGate() {
    }

    /**
     * The checks the gate runs: lint with the platform rules (ruff's standard rules left out), then,
     * when {@code execute}, every runnable snippet executed in {@code venv}.
     */
    public static List<SnippetCheck> standardChecks(Path venv, boolean execute) {
        List<SnippetCheck> checks = new ArrayList<>();
        checks.add(new LintCheck(RuleRegistry.linter().withoutStandardLint()));
        if (execute) {
            checks.add(new ExecutionCheck(venv, 600));
        }
        return checks;
    }

    public static Report run(List<SnippetCatalog.Folder> folders, Path venv, List<SnippetCheck> checks, Consumer<String> progress)
            throws Exception {
        long start = System.nanoTime();
        PythonSyntaxCheck syntax = new ParserSyntaxCheck();
        SnippetCatalog catalog = new SnippetCatalog(folders, syntax, SnippetCatalog.DEFAULT_POLL_INTERVAL);
        SnippetCatalog.Snapshot snapshot = catalog.current();
        List<SnippetProblem> problems = new ArrayList<>(snapshot.problems());
        for (SnippetProblem problem : snapshot.problems()) {
            progress.accept("FAIL  " + problem);
        }
        for (SnippetCheck check : checks) {
            problems.addAll(check.check(snapshot, progress));
        }
        return new Report(snapshot.snippets().size(), List.copyOf(problems), (System.nanoTime() - start) / 1_000_000);
    }
}
