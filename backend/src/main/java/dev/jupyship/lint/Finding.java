package dev.jupyship.lint;

/**
 * One finding, placed where a person can click: the cell's absolute index (markdown cells count,
 * as in JupyterLab), its id where the notebook has ids, and a 1-based line and column within the
 * cell's source. A finding about the notebook as a whole has {@code cell = -1}.
 *
 * @param rule      rule id, ours ({@code JS101}) or a standard linter's ({@code F401})
 * @param source    who found it: {@code jupyship}, or the standard linter's name ({@code ruff})
 * @param severity  its severity after configuration
 * @param message   what is wrong, in the notebook's terms
 * @param cell      absolute cell index, or -1
 * @param cellId    the cell's nbformat id, or null
 * @param line      1-based line in the cell (1 when the finding is about the cell as a whole)
 * @param column    1-based column
 * @param endLine   1-based last line
 * @param endColumn 1-based column just past the end
 * @param fixable   {@code --fix} can repair it
 */
public record Finding(String rule, String source, Severity severity, String message, int cell, String cellId,
                      int line, int column, int endLine, int endColumn, boolean fixable) {

    public static final String JUPYSHIP = "jupyship";

    public boolean isNotebookLevel() {
        return cell < 0;
    }

    public Finding withSeverity(Severity newSeverity) {
        return new Finding(rule, source, newSeverity, message, cell, cellId, line, column, endLine, endColumn, fixable);
    }
}
