package dev.jupyship.snippets;

import java.util.List;

/**
 * Checks that code cells are valid Python (IPython magics allowed): {@link ParserSyntaxCheck} with
 * jupyship's own parser; {@link #NONE} checks nothing (tests, listing).
 */
public interface PythonSyntaxCheck {

    /** @param key names the cell for the answer; @param code its text */
    record Source(String key, String code) {
    }

    /** @param line 1-based line in the cell's code */
    record SyntaxError(String key, int line, String message) {
    }

    /** The syntax errors among all the sources, checked in one go. */
    List<SyntaxError> check(List<Source> sources) throws Exception;

    PythonSyntaxCheck NONE = sources -> List.of();
}
