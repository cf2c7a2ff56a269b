package dev.jupyship.lint.rules.support;

import dev.jupyship.lint.LintContext;
import dev.jupyship.notebook.Cell;
import dev.jupyship.python.IPythonMasking;
import dev.jupyship.python.MaskedLine;
import dev.jupyship.python.ParsedCell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command text of a notebook that the Python parser never sees: shell escapes, line magics and
 * the bodies of shell cell magics ({@code %%bash}, {@code %%sh}, {@code %%script}), for the rules
 * that read commands. Offsets point into the cell's source, so findings land on the command.
 */
public final class CommandText {

    /** Cell magics whose body is a shell script. */
    public static final Set<String> SHELL_CELL_MAGICS = Set.of("bash", "sh", "zsh", "script", "!", "system");

    /**
     * One piece of command text.
     *
     * @param cell the notebook cell it is in
     * @param start the offset of {@code text} in the cell's source
     * @param text the command as written, escape character included
     * @param shell true when a shell runs it ({@code !cmd}, {@code %%bash}), false for IPython magics
     */
    public record Command(Cell cell, int start, String text, boolean shell) {
    }

    private CommandText() {
    }

    /** Every shell escape, magic and shell cell body, in cell order. */
    public static List<Command> of(LintContext context) {
        List<Command> commands = new ArrayList<>();
        Map<Integer, ParsedCell> python = new HashMap<>();
        for (ParsedCell parsed : context.python().cells()) {
            python.put(parsed.index(), parsed);
        }
        for (Cell cell : context.codeCells()) {
            ParsedCell parsed = python.get(cell.index());
            if (parsed == null) {
                // not Python (%%bash, %%html, ...): only a shell body holds commands
                String magic = IPythonMasking.cellMagicName(cell.source());
                int body = cell.source().indexOf('\n');
                if (magic != null && SHELL_CELL_MAGICS.contains(magic) && body >= 0) {
                    commands.add(new Command(cell, 0, cell.source().substring(0, body), false));
                    commands.add(new Command(cell, body + 1, cell.source().substring(body + 1), true));
                }
                continue;
            }
            for (MaskedLine line : parsed.maskedLines()) {
                switch (line.kind()) {
                    case SHELL, SHELL_ASSIGN -> commands.add(new Command(cell, line.span().startOffset(), line.text(), true));
                    case LINE_MAGIC, MAGIC_ASSIGN, AUTOMAGIC, CELL_MAGIC -> commands.add(new Command(cell, line.span().startOffset(),
                            line.text(), isShellMagic(line.name())));
                    default -> {
                    }
                }
            }
        }
        return commands;
    }

    /** {@code %sx cmd} and {@code %system cmd} hand their argument to the shell. */
    private static boolean isShellMagic(String name) {
        return name.equals("sx") || name.equals("system");
    }
}
