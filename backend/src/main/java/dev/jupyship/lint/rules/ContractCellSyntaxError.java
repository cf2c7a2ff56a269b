package dev.jupyship.lint.rules;

import dev.jupyship.contract.ContractRule;
import dev.jupyship.lint.Severity;

/** JS607: a code cell of a notebook with a contract does not parse. */
public final class ContractCellSyntaxError extends ContractCheckRule {

    public ContractCellSyntaxError() {
        super(ContractRule.CELL_SYNTAX_ERROR, Severity.ERROR);
    }
}
