package dev.jupyship.lint.rules;

import dev.jupyship.contract.ContractRule;
import dev.jupyship.lint.Severity;

/** JS605: a parameter is assigned again before it is read, so the injected value is lost. */
public final class ParameterReassigned extends ContractCheckRule {

    public ParameterReassigned() {
        super(ContractRule.PARAMETER_REASSIGNED, Severity.ERROR);
    }
}
