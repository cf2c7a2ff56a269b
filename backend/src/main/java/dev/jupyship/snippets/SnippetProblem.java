package dev.jupyship.snippets;

/**
 * Something wrong with a snippet file, at a place a person can open: {@code file:line: message}.
 *
 * @param file    the file as shown to people (the snippet folder's name, then the path under it)
 * @param line    1-based line in that file, 0 when the problem is about the whole file or folder
 * @param message what is wrong and, where it helps, what to write instead
 */
public record SnippetProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
