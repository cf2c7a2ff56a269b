package dev.jupyship.python;

import java.util.List;

/**
 * One notebook code cell, masked ({@link IPythonMasking}) and parsed. Spans in {@link #module()}
 * point into the cell's own source: masking keeps every offset.
 *
 * @param index the cell's index in the notebook (markdown cells counted)
 * @param source the cell source as written
 */
public record ParsedCell(int index, String source, IPythonMasking.Masked masked, PythonModule module) {

    public static ParsedCell parse(int index, String source) {
        IPythonMasking.Masked masked = IPythonMasking.mask(source);
        return new ParsedCell(index, source, masked, PythonParser.parse(masked.python()));
    }

    public List<Stmt> body() {
        return module.body();
    }

    public List<MaskedLine> maskedLines() {
        return masked.maskedLines();
    }

    /** False for cells under a non-Python cell magic such as {@code %%bash}: they hold no Python at all. */
    public boolean isPython() {
        return !masked.notPython();
    }
}
