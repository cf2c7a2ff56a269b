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
 * JS404: a download piped into a shell or interpreter ({@code curl … | sh}, {@code wget -O- … |
 * sudo bash}, {@code bash <(curl …)}, {@code sh -c "$(curl …)"}), in shell escapes, {@code %%bash}
 * cells and command strings given to {@code os.system} or {@code subprocess}.
 */
public final class CurlPipeShell implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS404", "curl-pipe-shell", Family.SECURITY, Severity.ERROR,
            "A download is piped into a shell");

    private static final String SHELL = "(?:sudo\\s+(?:-\\S+\\s+)*)?(?:\\S*/)?(?:ba|z|k|da)?sh\\b|(?:sudo\\s+(?:-\\S+\\s+)*)?(?:\\S*/)?python[0-9.]*\\b";
    private static final String FETCH = "\\b(?:curl|wget)\\b";
    private static final Pattern PIPED = Pattern.compile(
            FETCH + "[^|;&\\n]*\\|\\s*(?:" + SHELL + ")"
                    + "|\\b(?:ba|z)?sh\\s+<\\(\\s*(?:curl|wget)\\b[^)]*\\)"
                    + "|\\b(?:ba|z)?sh\\s+-c\\s+[\"']?\\$\\(\\s*(?:curl|wget)\\b[^)]*\\)");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        for (CommandText.Command command : CommandText.of(context)) {
            if (!command.shell()) {
                continue;
            }
            Matcher matcher = PIPED.matcher(command.text());
            if (!matcher.find()) {
                continue;
            }
            Cell cell = command.cell();
            SourceLines lines = SourceLines.of(cell.source());
            do {
                int start = command.start() + matcher.start();
                int end = command.start() + matcher.end();
                context.report(cell, lines.lineOf(start), lines.columnOf(start), lines.lineOf(end), lines.columnOf(end), MESSAGE);
            } while (matcher.find());
        }
        for (CodeStrings.CodeString string : CodeStrings.of(context.python())) {
            if (PIPED.matcher(string.text()).find()) {
                context.report(string.cell(), string.node().span(), MESSAGE);
            }
        }
    }

    private static final String MESSAGE = "a download piped into a shell runs whatever the server sends that day, unchecked, "
            + "with the batch's service account: download a pinned release, verify its checksum, then run it; "
            + "or ask for the tool in the image";
}
