package dev.jupyship.contract;

/**
 * The static contract checks: their lint rule ids (family JS6, interface contract), names and
 * summaries. Each is a rule of the lint engine ({@code dev.jupyship.lint.rules.Contract*}, docs in
 * {@code lint-rules/JS60x.md}); docs/contract.md lists them.
 */
public enum ContractRule {
    MISSING_PARAMETERS_CELL("JS601", "contract-without-parameters-cell",
            "The notebook has a contract but no code cell tagged 'parameters', so papermill cannot inject values."),
    MALFORMED_CONTRACT("JS602", "malformed-contract",
            "metadata.jupyship.contract cannot be read."),
    PARAMETER_MISMATCH("JS603", "parameter-mismatch",
            "The parameters cell and the contract do not declare the same parameters."),
    PARAMETER_DEFAULT("JS604", "parameter-default",
            "A parameter's default is not a literal of the declared type, or breaks the contract's constraints."),
    PARAMETER_REASSIGNED("JS605", "parameter-reassigned",
            "A parameter is assigned again before it is used, so the injected value is lost."),
    OUTPUT_NOT_WRITTEN("JS606", "output-not-written",
            "A declared output (model, metrics file, file pattern) is never named in the code."),
    CELL_SYNTAX_ERROR("JS607", "contract-cell-syntax-error",
            "A code cell does not parse, so the contract cannot be checked against it.");

    private final String id;
    private final String ruleName;
    private final String summary;

    ContractRule(String id, String ruleName, String summary) {
        this.id = id;
        this.ruleName = ruleName;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public String ruleName() {
        return ruleName;
    }

    public String summary() {
        return summary;
    }
}
