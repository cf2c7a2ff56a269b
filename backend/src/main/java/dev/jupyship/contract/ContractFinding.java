package dev.jupyship.contract;

/**
 * One problem the static contract check found, shaped for the lint engine's reporting: a rule id,
 * the cell (absolute index, markdown cells counted; null for the notebook's metadata) and the
 * 1-based line and column inside that cell's source (0 when the finding has no position).
 */
public record ContractFinding(String id, Integer cell, int line, int column, String message) {

    static ContractFinding at(ContractRule rule, int cell, int line, int column, String message) {
        return new ContractFinding(rule.id(), cell, line, column, message);
    }

    static ContractFinding onNotebook(ContractRule rule, String message) {
        return new ContractFinding(rule.id(), null, 0, 0, message);
    }

    /** {@code cell 3, line 2, col 1: JS604 ...} */
    @Override
    public String toString() {
        String place = cell == null ? "notebook metadata" : "cell " + cell + (line > 0 ? ", line " + line + ", col " + column : "");
        return place + ": " + id + " " + message;
    }
}
