package dev.jupyship.lint.rules;

import dev.jupyship.contract.ContractRule;
import dev.jupyship.lint.Severity;

/** JS602: {@code metadata.jupyship.contract} cannot be read, so nothing about the interface can be checked. */
public final class MalformedContract extends ContractCheckRule {

    public MalformedContract() {
        super(ContractRule.MALFORMED_CONTRACT, Severity.ERROR);
    }
}
