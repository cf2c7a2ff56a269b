package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.Finding;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.Outputs;
import java.util.List;
import java.util.Map;

/** JS106: large images embedded in outputs make the notebook heavy in git and in review. */
public final class EmbeddedImage implements Rule {

    static final long DEFAULT_MAX_KB = 200;

    private static final RuleInfo INFO = RuleInfo.of("JS106", "embedded-image", Family.NOTEBOOK_STATE, Severity.INFO,
            "Large images are embedded in a cell's outputs").withFix();

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        long max = context.setting("max-image-kb", DEFAULT_MAX_KB) * 1024;
        for (Cell cell : context.codeCells()) {
            long bytes = Outputs.imageBytes(cell);
            if (bytes > max) {
                context.reportCell(cell, String.format("%d KB of images are embedded in the outputs (limit %d KB): "
                        + "save figures as files in the output folder, or clear the outputs before committing", bytes / 1024, max / 1024));
            }
        }
    }

    @Override
    public boolean fix(Notebook notebook, List<Finding> findings) {
        boolean changed = false;
        for (Finding finding : findings) {
            for (Object output : notebook.cells().get(finding.cell()).outputs()) {
                if (output instanceof Map<?, ?> map && map.get("data") instanceof Map<?, ?> data) {
                    changed |= data.keySet().removeIf(type -> Outputs.IMAGE_TYPES.contains(String.valueOf(type)));
                }
            }
            // Outputs left with no data at all are dropped, as nbformat would not write them.
            changed |= notebook.cells().get(finding.cell()).outputs().removeIf(output -> output instanceof Map<?, ?> map
                    && map.get("data") instanceof Map<?, ?> data && data.isEmpty());
        }
        return changed;
    }
}
