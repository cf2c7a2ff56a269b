package dev.jupyship.lint;

import dev.jupyship.notebook.Notebook;
import java.nio.file.Path;
import java.util.List;

/** A standard Python linter whose findings are merged with ours (their own ids, positions mapped to cells). */
public interface StandardLinter {

    /** What it found, or a note on why it could not run. */
    record Result(List<Finding> findings, List<String> notes) {
    }

    /** @param file the notebook's path when it has one (the linter reads its own configuration from there) */
    Result lint(Notebook notebook, Path file, String name);

    StandardLinter NONE = (notebook, file, name) -> new Result(List.of(), List.of());
}
