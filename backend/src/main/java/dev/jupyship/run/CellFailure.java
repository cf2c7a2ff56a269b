package dev.jupyship.run;

import java.util.List;

/**
 * The cell a run stopped at, read from the executed notebook.
 *
 * @param cell      its index in the notebook as written (cells papermill adds are not counted)
 * @param source    the cell's source (cut at 20,000 characters)
 * @param ename     the exception's class name, or null when the kernel died
 * @param evalue    the exception's message, or null
 * @param traceback the traceback lines with ANSI colours removed, or empty
 */
public record CellFailure(int cell, String source, String ename, String evalue, List<String> traceback) {
}
