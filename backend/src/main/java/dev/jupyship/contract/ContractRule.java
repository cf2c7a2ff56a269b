package dev.jupyship.contract;

/**
 * The static contract checks, with the metadata the lint engine's rules carry (id, name, summary),
 * so they can move onto its rule registry as they are. docs/contract.md describes each one.
 */
public enum ContractRule {
    MISSING_PARAMETERS_CELL("JS-C001", "missing-parameters-cell",
            "The notebook has a contract but no code cell tagged 'parameters', so papermill cannot inject values."),
    MALFORMED_CONTRACT("JS-C002", "malformed-contract",
            "metadata.jupyship.contract cannot be read."),
    PARAMETER_MISMATCH("JS-C003", "parameter-mismatch",
            "The parameters cell and the contract do not declare the same parameters."),
    PARAMETER_DEFAULT("JS-C004", "parameter-default",
            "A parameter's default is not a literal of the declared type, or breaks the contract's constraints."),
    PARAMETER_REASSIGNED("JS-C005", "parameter-reassigned",
            "A parameter is assigned again before it is used, so the injected value is lost."),
    OUTPUT_NOT_WRITTEN("JS-C006", "output-not-written",
            "A declared output (model, metrics file, file pattern) is never named in the code."),
    CELL_SYNTAX_ERROR("JS-C007", "cell-syntax-error",
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
