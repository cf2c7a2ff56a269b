package dev.jupyship.python;

/**
 * An IPython construct that {@link IPythonMasking} hid from the Python parser, kept for the rules
 * that look at it ({@code !pip install x} unpinned, {@code %matplotlib notebook}, ...).
 *
 * @param kind what it is
 * @param line 0-based line in the cell where it starts
 * @param span where the masked text is in the cell (the escape char included)
 * @param text the masked text as written, continuation lines included
 */
public record MaskedLine(Kind kind, int line, Span span, String text) {

    public enum Kind {
        /** {@code %name args} at the start of a statement. */
        LINE_MAGIC,
        /** {@code %%name args}, the first line of a cell. */
        CELL_MAGIC,
        /** The body of a cell whose cell magic is not Python ({@code %%bash}, {@code %%html}, ...). */
        CELL_MAGIC_BODY,
        /** {@code !cmd} or {@code !!cmd}. */
        SHELL,
        /** The {@code !cmd} of {@code x = !cmd}: only that part is masked, {@code x} stays bound. */
        SHELL_ASSIGN,
        /** The {@code %magic} of {@code x = %magic}. */
        MAGIC_ASSIGN,
        /** {@code ?obj}, {@code obj?}, {@code obj??}. */
        HELP,
        /** Autocall escapes {@code /f x}, {@code ,f a b}, {@code ;f a b}. */
        AUTOCALL,
        /** A magic written without {@code %} (automagic), e.g. {@code pip install x}, {@code cd ..}. */
        AUTOMAGIC
    }

    /** The command without its escape: {@code pip install x} for {@code !pip install x} or {@code %pip install x}. */
    public String command() {
        String body = text.strip();
        int i = 0;
        if (kind == Kind.HELP) {
            return body.replace("?", "").strip();
        }
        while (i < body.length() && "!%/,;".indexOf(body.charAt(i)) >= 0) {
            i++;
        }
        return kind == Kind.CELL_MAGIC_BODY || kind == Kind.AUTOMAGIC ? body : body.substring(i);
    }

    /** The magic's name ({@code matplotlib} for {@code %matplotlib inline}), or the program for shell commands. */
    public String name() {
        String command = command();
        int end = 0;
        while (end < command.length() && !Character.isWhitespace(command.charAt(end))) {
            end++;
        }
        return command.substring(0, end);
    }
}
