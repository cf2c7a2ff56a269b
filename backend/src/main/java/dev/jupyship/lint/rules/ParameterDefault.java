package dev.jupyship.lint.rules;

import dev.jupyship.contract.ContractRule;
import dev.jupyship.lint.Severity;

/** JS604: a parameter's default is not a literal of the declared type within the contract's constraints. */
public final class ParameterDefault extends ContractCheckRule {

    public ParameterDefault() {
        super(ContractRule.PARAMETER_DEFAULT, Severity.ERROR);
    }
}
