package dev.jupyship.contract;

import dev.jupyship.notebook.Cell;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The few facts about a notebook's Python code that the static contract check reasons about. The
 * check itself is plain Java over these facts; {@link ParserCodeFacts} gets them from jupyship's Java
 * Python parser, as CPython's {@code ast} would (a test compares the two).
 */
public interface CodeFacts {

    /**
     * @param cells          the code cells to analyse, in notebook order
     * @param parametersCell the index of the parameters cell (its assignments are reported)
     * @param names          the names whose loads and stores are reported
     */
    List<CellFacts> analyze(List<Cell> cells, int parametersCell, Set<String> names) throws IOException;

    /**
     * @param cell        the cell's absolute index
     * @param error       the syntax error, or null when the cell parses
     * @param assignments top-level {@code name = value} of the parameters cell (empty for other cells)
     * @param events      loads and module-level stores of the watched names, in evaluation order
     * @param strings     string literals; f-strings with each replacement field written {@code *}
     */
    record CellFacts(int cell, Position error, List<Assignment> assignments, List<NameEvent> events, List<String> strings) {
    }

    /** A position (1-based line and column within the cell) with a message. */
    record Position(int line, int column, String message) {
    }

    /**
     * @param literal    whether the value is a Python literal ({@code ast.literal_eval} accepts it)
     * @param pythonType {@code type(value).__name__} for literals
     * @param value      the literal as a plain value (null when not representable in JSON)
     */
    record Assignment(String name, int line, int column, boolean literal, String pythonType, Object value) {
    }

    /** A load ({@code x + 1}) or a module-level store ({@code x = ...}, {@code import x}, {@code def x}). */
    record NameEvent(String name, boolean store, int line, int column) {
    }
}
