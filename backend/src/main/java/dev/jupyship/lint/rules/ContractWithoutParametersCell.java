package dev.jupyship.lint.rules;

import dev.jupyship.contract.ContractRule;
import dev.jupyship.lint.Severity;

/** JS601: a notebook with a contract has no cell tagged {@code parameters}, so papermill cannot inject the contract's parameters. */
public final class ContractWithoutParametersCell extends ContractCheckRule {

    public ContractWithoutParametersCell() {
        super(ContractRule.MISSING_PARAMETERS_CELL, Severity.ERROR);
    }
}
