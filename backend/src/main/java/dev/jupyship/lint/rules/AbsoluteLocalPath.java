package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.SourceLines;
import dev.jupyship.lint.rules.support.CodeStrings;
import dev.jupyship.lint.rules.support.CommandText;
import dev.jupyship.notebook.Cell;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JS301: a path that exists on one person's machine (a home folder, a Windows drive, a Colab Drive
 * mount), in a string or in a shell command. The batch pod has none of them.
 */
public final class AbsoluteLocalPath implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS301", "absolute-local-path", Family.REPRODUCIBILITY, Severity.WARNING,
            "A path on someone's machine (home folder, drive letter, Drive mount)");

    /**
     * Starts of machine-specific paths, at the start of a word. Not {@code /tmp}, {@code /dev},
     * {@code /data} or {@code /opt}: those exist (or are mounted) in the pod too. Not {@code ~/.x}:
     * hidden folders in the home are caches and configs that tools make wherever they run.
     */
    private static final Pattern LOCAL_PATH = Pattern.compile(
            "(?:^|(?<=[\\s=\"'(,;:\\[{<>|]))(?:file://)?"
                    + "(?:/(?:Users|home)/[^/\\s\"']+|/Volumes/[^/\\s\"'\\u0000]+|/mnt/[a-z]/|/content/(?:drive|gdrive)\\b"
                    + "|/kaggle/(?:input|working)\\b|[A-Za-z]:[\\\\/](?![\\\\/])|~/(?!\\.))"
                    + "[^\\s\"'\\u0000]*");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        for (CodeStrings.CodeString string : CodeStrings.of(context.python())) {
            Matcher matcher = LOCAL_PATH.matcher(string.text());
            if (matcher.find()) {
                context.report(string.cell(), string.node().span(), message(matcher.group()));
            }
        }
        for (CommandText.Command command : CommandText.of(context)) {
            Matcher matcher = LOCAL_PATH.matcher(command.text());
            if (!matcher.find()) {
                continue;
            }
            Cell cell = command.cell();
            SourceLines lines = SourceLines.of(cell.source());
            do {
                int start = command.start() + matcher.start();
                int end = command.start() + matcher.end();
                context.report(cell, lines.lineOf(start), lines.columnOf(start), lines.lineOf(end), lines.columnOf(end),
                        message(matcher.group()));
            } while (matcher.find());
        }
    }

    private static String message(String path) {
        String shown = path.length() > 60 ? path.substring(0, 57) + "..." : path;
        return "'" + shown + "' is a path on one machine; the batch pod does not have it: use a path relative to the "
                + "notebook, or a parameter (a gs:// URI or a folder under output_dir)";
    }
}
