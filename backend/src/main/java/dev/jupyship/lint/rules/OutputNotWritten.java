package dev.jupyship.lint.rules;

import dev.jupyship.contract.ContractRule;
import dev.jupyship.lint.Severity;

/** JS606: a declared output is never named in the code (a heuristic: named is not written, so a warning). */
public final class OutputNotWritten extends ContractCheckRule {

    public OutputNotWritten() {
        super(ContractRule.OUTPUT_NOT_WRITTEN, Severity.WARNING);
    }
}
