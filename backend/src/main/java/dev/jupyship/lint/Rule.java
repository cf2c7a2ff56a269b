package dev.jupyship.lint;

import dev.jupyship.notebook.Notebook;
import java.util.List;

/**
 * A lint rule: one class, one file, its prose in {@code lint-rules/<id>.md} and its fixture in
 * {@code lint-rules/fixtures/<id>.py}. A rule only reports; the {@link Linter} applies
 * configuration and suppressions, so rules stay small.
 */
public interface Rule {

    RuleInfo info();

    /** Reports what is wrong through {@link LintContext#report}. Must not modify the notebook. */
    void check(LintContext context);

    /**
     * Repairs what {@link #check} found, for rules whose {@link RuleInfo#fixable()} is true.
     *
     * @param findings this rule's findings that are not suppressed: fix those, nothing else
     * @return true when the notebook changed
     */
    default boolean fix(Notebook notebook, List<Finding> findings) {
        return false;
    }
}
