package dev.jupyship.cli;

import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Refused;
import dev.jupyship.workspace.PathNames;
import java.nio.file.Path;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * How every path argument of the command line is checked before a command runs: the user's own
 * files, so absolute paths and {@code ..} are fine, but a name {@link PathNames} refuses (a backslash,
 * a control character) is refused, as it is in the API and in git trees, in one line with exit 1 as
 * every refusal is (see {@link Main}). Checked after parsing rather than in a converter, which picocli
 * would take, for a list of files, as the end of the list.
 */
final class CheckedPaths implements CommandLine.IExecutionStrategy {

    private final CommandLine.IExecutionStrategy next = new CommandLine.RunLast();

    @Override
    public int execute(ParseResult parsed) {
        for (ParseResult command = parsed; command != null; command = command.subcommand()) {
            for (ArgSpec argument : command.matchedArgs()) {
                if (!takesPaths(argument)) {
                    continue;
                }
                for (String value : argument.stringValues()) {
                    try {
                        PathNames.check(value);
                    } catch (BadInput | Refused refused) {
                        throw new RefusedPath(command.commandSpec().commandLine(), refused.getMessage(), argument, value);
                    }
                }
            }
        }
        return next.execute(parsed);
    }

    /** A path argument refused for its name: told as a refusal, not as a usage error with the usage after it. */
    static final class RefusedPath extends CommandLine.ParameterException {
        RefusedPath(CommandLine command, String message, ArgSpec argument, String value) {
            super(command, message, argument, value);
        }
    }

    /**
     * A NUL in any argument, refused before parsing: no real command line carries one (the kernel's
     * arguments end at it), and picocli would otherwise fail to make a path of it with a Java message.
     */
    static String nulIn(String[] args) {
        for (int i = 0; i < args.length; i++) {
            int at = args[i].indexOf('\0');
            if (at >= 0) {
                return "argument " + (i + 1) + " ('" + PathNames.printable(args[i]) + "') holds a NUL character (U+0000) at character "
                        + (at + 1) + "; no command line can carry one";
            }
        }
        return null;
    }

    private static boolean takesPaths(ArgSpec argument) {
        return argument.type() == Path.class || argument.auxiliaryTypes().length > 0 && argument.auxiliaryTypes()[0] == Path.class;
    }
}
