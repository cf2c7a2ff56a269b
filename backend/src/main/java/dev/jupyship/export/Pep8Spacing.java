package dev.jupyship.export;

import java.util.List;

/**
 * Port of jupytext's {@code pep8.py}: how many blank lines go between two cells. PEP 8 wants two
 * blank lines around top-level functions and classes, so jupytext writes two after a cell whose
 * last statement is an indented def/class body (when code follows) and before a cell that starts
 * with one; one everywhere else. {@code next} is the text of all following cells, since a cell of
 * comments only lets the question run on into the next.
 */
final class Pep8Spacing {

    private Pep8Spacing() {
    }

    /** {@code pep8_lines_between_cells(prev_lines, next_lines, ".py")}. */
    static int linesBetween(List<String> previous, List<String> next) {
        if (next.isEmpty()) {
            return 1;
        }
        if (previous.isEmpty()) {
            return 0;
        }
        if (endsWithFunctionOrClass(previous)) {
            return hasCode(next) ? 2 : 1;
        }
        if (endsWithCode(previous) && nextInstructionIsFunctionOrClass(next)) {
            return 2;
        }
        return 1;
    }

    private static boolean startsDefinition(String line) {
        return line.startsWith("def ") || line.startsWith("async ") || line.startsWith("class ");
    }

    private static boolean nextInstructionIsFunctionOrClass(List<String> lines) {
        StringParser parser = new StringParser("python");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (parser.isQuoted()) {
                parser.readLine(line);
                continue;
            }
            parser.readLine(line);
            if (PythonStrings.isBlank(line)) {
                if (i > 0 && PythonStrings.isBlank(lines.get(i - 1))) {
                    return false;
                }
                continue;
            }
            if (startsDefinition(line)) {
                return true;
            }
            if (line.startsWith("#") || line.startsWith("@") || line.startsWith(" ") || line.startsWith(")")) {
                continue;
            }
            return false;
        }
        return false;
    }

    private static boolean endsWithFunctionOrClass(List<String> lines) {
        StringParser parser = new StringParser("python");
        boolean[] unquoted = new boolean[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            unquoted[i] = !parser.isQuoted();
            parser.readLine(lines.get(i));
        }
        // from the bottom, over the lines that do not start inside a string
        String later = null;
        boolean first = true;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!unquoted[i]) {
                continue;
            }
            String line = lines.get(i);
            if (PythonStrings.isBlank(line)) {
                if (!first && PythonStrings.isBlank(later)) {
                    return false;
                }
                later = line;
                first = false;
                continue;
            }
            later = line;
            first = false;
            if (line.startsWith("#") || line.startsWith(" ") || line.startsWith(")")) {
                continue;
            }
            return startsDefinition(line);
        }
        return false;
    }

    private static boolean endsWithCode(List<String> lines) {
        if (lines.isEmpty()) {
            return false;
        }
        String last = lines.get(lines.size() - 1);
        return !PythonStrings.isBlank(last) && !last.startsWith("#");
    }

    private static boolean hasCode(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String stripped = PythonStrings.strip(lines.get(i));
            if (stripped.startsWith("#")) {
                continue;
            }
            if (stripped.isEmpty()) {
                if (i > 0 && PythonStrings.isBlank(lines.get(i - 1))) {
                    return false;
                }
                continue;
            }
            return true;
        }
        return false;
    }
}
