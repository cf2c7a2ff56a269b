package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.rules.support.Credentials;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Outputs;
import java.util.List;

/** JS402: a secret printed into an output is committed, exported and stored with every run. */
public final class CredentialInOutput implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS402", "credential-in-output", Family.SECURITY, Severity.ERROR,
            "A saved output contains a credential");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        for (Cell cell : context.codeCells()) {
            for (Object output : cell.outputs()) {
                List<Credentials.Match> found = Credentials.find(Outputs.text(output));
                if (!found.isEmpty()) {
                    context.reportCell(cell, "a saved output contains " + found.get(0).kind()
                            + ": clear the output, revoke the credential, and read it from the environment or a secret store instead");
                    break;
                }
            }
        }
    }
}
