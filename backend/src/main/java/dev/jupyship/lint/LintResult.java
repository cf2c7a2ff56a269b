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

    /** How a note about a notebook that could not be read starts. */
    public static final String NOT_LINTED = "not linted: ";
    /** How a note about a fix that could not be written starts. */
    public static final String NOT_FIXED = "not fixed: ";

    public static LintResult notLinted(String file, String reason) {
        return new LintResult(file, List.of(), List.of(NOT_LINTED + reason));
    }

    public LintResult withNote(String note) {
        return new LintResult(file, findings, java.util.stream.Stream.concat(notes.stream(), java.util.stream.Stream.of(note)).toList());
    }

    /** False when the notebook could not be read, so the findings say nothing about it. */
    public boolean linted() {
        return notes.stream().noneMatch(note -> note.startsWith(NOT_LINTED));
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(finding -> finding.severity() == Severity.ERROR);
    }

    public long count(Severity severity) {
        return findings.stream().filter(finding -> finding.severity() == severity).count();
    }
}
