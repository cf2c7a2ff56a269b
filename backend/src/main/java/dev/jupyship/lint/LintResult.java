package dev.jupyship.lint;

import java.util.List;

/**
 * The findings for one notebook, sorted by position, and notes about the run itself (a standard
 * linter that is not installed, a rule that failed): never silently partial.
 *
 * @param file      the notebook as named to the user
 * @param findings  what was found, after configuration and suppressions
 * @param notes     what the user should know about how the lint ran
 */
public record LintResult(String file, List<Finding> findings, List<String> notes) {

    public boolean hasErrors() {
        return findings.stream().anyMatch(finding -> finding.severity() == Severity.ERROR);
    }

    public long count(Severity severity) {
        return findings.stream().filter(finding -> finding.severity() == severity).count();
    }
}
