package dev.jupyship.cli;

import dev.jupyship.api.ApiException;
import dev.jupyship.workspace.PathNames;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * How every path argument of the command line is read: the user's own files, so absolute paths and
 * {@code ..} are fine, but names {@link PathNames} refuses (a backslash, a control character) are bad
 * usage, as they are in the API and in git trees.
 */
final class CheckedPaths implements CommandLine.ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
        try {
            return Path.of(PathNames.check(value));
        } catch (ApiException | InvalidPathException refused) {
            throw new CommandLine.TypeConversionException(refused.getMessage());
        }
    }
}
