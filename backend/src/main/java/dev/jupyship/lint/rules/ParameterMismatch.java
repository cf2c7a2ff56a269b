package dev.jupyship.lint.rules;

import dev.jupyship.contract.ContractRule;
import dev.jupyship.lint.Severity;

/** JS603: the parameters cell and the contract do not declare the same parameters. */
public final class ParameterMismatch extends ContractCheckRule {

    public ParameterMismatch() {
        super(ContractRule.PARAMETER_MISMATCH, Severity.ERROR);
    }
}
