package dev.jupyship.cli;

import dev.jupyship.json.Jsons;
import dev.jupyship.review.NotebookHistory;
import dev.jupyship.review.ReviewDiff;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jupyship diff NOTEBOOK}: the review diff of a notebook's .py export between two revisions. */
@Command(name = "diff", description = "Diff a notebook's .py export between two git revisions, and summarize what the .py does not show.")
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NOTEBOOK", description = "A notebook in a git repository.")
    Path notebook;

    @Option(names = "--from", description = "Older revision: a commit, branch, tag, INDEX or WORKTREE (default: ${DEFAULT-VALUE}).")
    String from = "HEAD";

    @Option(names = "--to", description = "Newer revision (default: ${DEFAULT-VALUE}, the working copy).")
    String to = NotebookHistory.WORKING_TREE;

    @Option(names = "--json", description = "Print JSON, as the API answers.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (NotebookHistory history = NotebookHistory.open(notebook)) {
            ReviewDiff diff = ReviewDiff.between(history, history.repositoryPath(notebook), from, to);
            spec.commandLine().getOut().print(json ? Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(diff) + "\n" : diff.toText());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
