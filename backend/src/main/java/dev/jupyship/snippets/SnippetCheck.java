package dev.jupyship.snippets;

import java.util.List;
import java.util.function.Consumer;

/**
 * One check of the quality gate over the snippets a catalog serves: {@link LintCheck} (each
 * snippet's cells linted with the platform rules) and {@link ExecutionCheck} (each runnable snippet
 * executed in a real kernel). A new check is another implementation; the gate does not change.
 */
public interface SnippetCheck {

    /** A short name for the report ("execution", "lint"). */
    String name();

    /**
     * @param catalog  what the catalog serves (files with load problems are already left out)
     * @param progress one line per snippet checked, for people watching
     * @return every problem found, each with file and line
     */
    List<SnippetProblem> check(SnippetCatalog.Snapshot catalog, Consumer<String> progress) throws Exception;
}
