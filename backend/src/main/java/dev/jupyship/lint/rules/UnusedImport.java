package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.notebook.Cell;
import dev.jupyship.python.Binding;

/**
 * JS501: an import nothing uses, across the whole notebook (pyflakes' F401, which ruff also
 * reports; ours agrees with ruff's on the corpus, and works without ruff installed).
 */
public final class UnusedImport implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS501", "unused-import", Family.HYGIENE, Severity.INFO,
            "An import is never used");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        for (Binding unused : context.python().unusedImports()) {
            Cell cell = context.notebook().cells().get(unused.cell());
            context.report(cell, unused.span(), "'" + unused.qualifiedName() + "' is imported but never used in the notebook; "
                    + "the batch image must still provide it");
        }
    }
}
