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
 * a control character) is bad usage, as it is in the API and in git trees. Checked after parsing
 * rather than in a converter, which picocli would take, for a list of files, as the end of the list.
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
                        throw new CommandLine.ParameterException(command.commandSpec().commandLine(),
                                "Invalid value for " + argument.paramLabel() + ": " + refused.getMessage(), argument, value);
                    }
                }
            }
        }
        return next.execute(parsed);
    }

    private static boolean takesPaths(ArgSpec argument) {
        return argument.type() == Path.class || argument.auxiliaryTypes().length > 0 && argument.auxiliaryTypes()[0] == Path.class;
    }
}
