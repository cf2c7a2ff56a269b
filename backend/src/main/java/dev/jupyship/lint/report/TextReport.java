package dev.jupyship.lint.report;

import dev.jupyship.lint.Finding;
import dev.jupyship.lint.LintResult;
import dev.jupyship.lint.Severity;
import java.util.List;

/**
 * Findings as people read them in a terminal, like ruff: {@code file:cell N:line:col: ID message}.
 * Cells are numbered from 1 here, counting every cell, as people count them down the notebook.
 */
public final class TextReport {

    private TextReport() {
    }

    public static String render(List<LintResult> results) {
        StringBuilder text = new StringBuilder();
        long errors = 0;
        long warnings = 0;
        long infos = 0;
        for (LintResult result : results) {
            for (Finding finding : result.findings()) {
                text.append(result.file());
                if (!finding.isNotebookLevel()) {
                    text.append(":cell ").append(finding.cell() + 1).append(':').append(finding.line()).append(':').append(finding.column());
                }
                text.append(": ").append(finding.rule());
                if (!Finding.JUPYSHIP.equals(finding.source())) {
                    text.append(" (").append(finding.source()).append(')');
                }
                text.append(finding.fixable() ? " [*] " : " ").append(finding.message())
                        .append(finding.severity() == Severity.ERROR ? " [error]" : "").append('\n');
            }
            for (String note : result.notes()) {
                text.append(result.file()).append(": note: ").append(note).append('\n');
            }
            errors += result.count(Severity.ERROR);
            warnings += result.count(Severity.WARNING);
            infos += result.count(Severity.INFO);
        }
        long fixable = results.stream().flatMap(r -> r.findings().stream()).filter(Finding::fixable).count();
        long notLinted = results.stream().filter(result -> !result.linted()).count();
        long linted = results.size() - notLinted;
        String unread = notLinted == 0 ? "" : notebooks(notLinted) + " not linted (see the notes above)";
        if (errors + warnings + infos == 0) {
            if (notLinted == 0) {
                text.append("All checks passed (").append(notebooks(linted)).append(").\n");
            } else {
                text.append(unread).append(linted == 0 ? ".\n" : "; no findings in the other " + notebooks(linted) + ".\n");
            }
        } else {
            text.append(String.format("Found %d errors, %d warnings, %d notes in %s%s.%n", errors, warnings, infos, notebooks(linted),
                    unread.isEmpty() ? "" : "; " + unread));
            if (fixable > 0) {
                text.append(fixable).append(" marked [*] can be fixed with --fix.\n");
            }
        }
        return text.toString();
    }

    private static String notebooks(long count) {
        return count + (count == 1 ? " notebook" : " notebooks");
    }
}
