package dev.jupyship.contract;

import dev.jupyship.errors.BadInput;

/**
 * A contract in {@code metadata.jupyship.contract} that cannot be read; the message names the field
 * ({@code contract.parameters.seed.type}) and what is expected there.
 */
public class ContractFormatException extends BadInput {

    private final String field;

    public ContractFormatException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The path of the offending field, e.g. {@code contract.outputs.model.path}. */
    public String field() {
        return field;
    }
}
