package dev.jupyship.contract;

import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.Outputs;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract checked without a kernel: the parameters cell declares exactly the contract's
 * parameters, with literal defaults of the declared types; no parameter is assigned again before
 * it is used; every declared output is named somewhere in the code. The reasoning is here, over
 * {@link CodeFacts}; each finding carries a {@link ContractRule} id for the lint engine.
 */
public final class StaticContractCheck {

    static final String PARAMETERS_TAG = "parameters";
    static final String INJECTED_TAG = "injected-parameters";

    private final CodeFacts facts;

    public StaticContractCheck(CodeFacts facts) {
        this.facts = facts;
    }

    /**
     * @param contract the contract, or null when the notebook has none or it is malformed
     * @param findings what is wrong, in notebook order; empty when the notebook keeps its contract
     */
    public record Result(Contract contract, List<ContractFinding> findings) {
        public boolean passed() {
            return contract != null && findings.isEmpty();
        }
    }

    public Result check(Notebook notebook) throws IOException {
        Contract contract;
        try {
            contract = ContractReader.read(notebook).orElse(null);
        } catch (ContractFormatException e) {
            return new Result(null, List.of(ContractFinding.onNotebook(ContractRule.MALFORMED_CONTRACT, e.getMessage())));
        }
        if (contract == null) {
            return new Result(null, List.of());
        }
        Cell parametersCell = notebook.cells().stream()
                .filter(cell -> cell.isCode() && cell.tags().contains(PARAMETERS_TAG)).findFirst().orElse(null);
        if (parametersCell == null) {
            return new Result(contract, List.of(ContractFinding.onNotebook(ContractRule.MISSING_PARAMETERS_CELL,
                    "no code cell is tagged 'parameters'; put the contract's parameters " + contract.parameters().keySet()
                            + " in one cell and give it the tag (Property Inspector > Cell Tags)")));
        }
        List<Cell> code = notebook.cells().stream().filter(cell -> cell.isCode() && !cell.tags().contains(INJECTED_TAG)).toList();
        List<CodeFacts.CellFacts> cells = facts.analyze(code, parametersCell.index(), contract.parameters().keySet());

        List<ContractFinding> findings = new ArrayList<>();
        for (CodeFacts.CellFacts cell : cells) {
            if (cell.error() != null) {
                findings.add(ContractFinding.at(ContractRule.CELL_SYNTAX_ERROR, cell.cell(), cell.error().line(), cell.error().column(),
                        "the cell does not parse (" + cell.error().message() + "), so the contract is not checked against it"));
            }
        }
        CodeFacts.CellFacts parameters = cells.stream().filter(c -> c.cell() == parametersCell.index()).findFirst().orElseThrow();
        checkParameters(contract, parameters, findings);
        checkReassignments(contract, cells, parametersCell.index(), findings);
        checkOutputs(contract, cells, findings);
        findings.sort(Comparator.comparing((ContractFinding f) -> f.cell() == null ? -1 : f.cell())
                .thenComparingInt(ContractFinding::line).thenComparingInt(ContractFinding::column));
        return new Result(contract, List.copyOf(findings));
    }

    private static void checkParameters(Contract contract, CodeFacts.CellFacts cell, List<ContractFinding> findings) {
        if (cell.error() != null) {
            return;
        }
        Map<String, CodeFacts.Assignment> assigned = new LinkedHashMap<>();
        for (CodeFacts.Assignment assignment : cell.assignments()) {
            assigned.put(assignment.name(), assignment);
        }
        for (Contract.Parameter parameter : contract.parameters().values()) {
            CodeFacts.Assignment assignment = assigned.get(parameter.name());
            if (assignment == null) {
                findings.add(ContractFinding.at(ContractRule.PARAMETER_MISMATCH, cell.cell(), 0, 0, "the contract declares '"
                        + parameter.name() + "' (" + parameter.type().label() + ") but the parameters cell does not assign it"));
                continue;
            }
            String problem = defaultProblem(parameter, assignment);
            if (problem != null) {
                findings.add(ContractFinding.at(ContractRule.PARAMETER_DEFAULT, cell.cell(), assignment.line(), assignment.column(), problem));
            }
        }
        for (CodeFacts.Assignment assignment : assigned.values()) {
            if (!contract.parameters().containsKey(assignment.name())) {
                findings.add(ContractFinding.at(ContractRule.PARAMETER_MISMATCH, cell.cell(), assignment.line(), assignment.column(),
                        "the parameters cell assigns '" + assignment.name() + "', which the contract does not declare; "
                                + "add it to contract.parameters or move it out of the parameters cell"));
            }
        }
    }

    private static String defaultProblem(Contract.Parameter parameter, CodeFacts.Assignment assignment) {
        String name = parameter.name();
        if (!assignment.literal()) {
            return "the default of '" + name + "' is not a literal; papermill can only replace literal values predictably "
                    + "(compute derived values in a later cell)";
        }
        if (!parameter.type().acceptsPython(assignment.pythonType(), assignment.value())) {
            return "the default of '" + name + "' is a " + assignment.pythonType() + ", but the contract declares "
                    + parameter.type().label() + (parameter.type() == ParameterType.DATE ? " (an ISO date string, YYYY-MM-DD)" : "");
        }
        String problem = parameter.problem(assignment.value());
        if (problem != null) {
            return "the default of '" + name + "': " + problem;
        }
        // A snapshot's default ("latest") is what a deploy resolves; the cell holds a folder to explore with.
        if (parameter.hasDefault() && parameter.type() != ParameterType.SNAPSHOT && !Values.same(parameter.defaultValue(), assignment.value())) {
            return "the default of '" + name + "' is " + Values.show(assignment.value()) + " in the cell but "
                    + Values.show(parameter.defaultValue()) + " in the contract";
        }
        return null;
    }

    private static void checkReassignments(Contract contract, List<CodeFacts.CellFacts> cells, int parametersCell,
                                           List<ContractFinding> findings) {
        Set<String> decided = new HashSet<>();
        for (CodeFacts.CellFacts cell : cells) {
            if (cell.cell() <= parametersCell) {
                continue;
            }
            for (CodeFacts.NameEvent event : cell.events()) {
                if (!contract.parameters().containsKey(event.name()) || !decided.add(event.name())) {
                    continue;
                }
                if (event.store()) {
                    findings.add(ContractFinding.at(ContractRule.PARAMETER_REASSIGNED, cell.cell(), event.line(), event.column(),
                            "the parameter '" + event.name() + "' is assigned again before it is used, so the value the "
                                    + "scheduler injects is never read; use a new name for the derived value"));
                }
            }
        }
    }

    private static void checkOutputs(Contract contract, List<CodeFacts.CellFacts> cells, List<ContractFinding> findings) {
        List<String> strings = cells.stream().flatMap(cell -> cell.strings().stream()).toList();
        Contract.Outputs outputs = contract.outputs();
        if (outputs.model() != null && !named(outputs.model().path(), strings)) {
            findings.add(ContractFinding.onNotebook(ContractRule.OUTPUT_NOT_WRITTEN, "the model file '" + outputs.model().path()
                    + "' (contract.outputs.model.path) is never named in the code; save the model there under output_dir"));
        }
        if (outputs.metrics() != null && !named(outputs.metrics().file(), strings)) {
            findings.add(ContractFinding.onNotebook(ContractRule.OUTPUT_NOT_WRITTEN, "the metrics file '" + outputs.metrics().file()
                    + "' (contract.outputs.metrics.file) is never named in the code; write the metrics there under output_dir"));
        }
        for (String pattern : outputs.files()) {
            if (!named(pattern, strings)) {
                findings.add(ContractFinding.onNotebook(ContractRule.OUTPUT_NOT_WRITTEN, "no file name in the code matches '"
                        + pattern + "' (contract.outputs.files)"));
            }
        }
    }

    /**
     * Whether some string in the code names the declared file: its last path segment matches the
     * declared name's last segment (a glob), or an f-string's shape ({@code model_*.pkl}) matches it.
     */
    static boolean named(String declared, List<String> strings) {
        String target = lastSegment(declared);
        PathMatcher declaredGlob = glob(target);
        for (String text : strings) {
            String candidate = lastSegment(text);
            if (candidate.isEmpty()) {
                continue;
            }
            try {
                if (declaredGlob != null && declaredGlob.matches(Path.of(candidate))) {
                    return true;
                }
                PathMatcher shape = candidate.contains("*") ? glob(candidate) : null;
                if (shape != null && shape.matches(Path.of(target))) {
                    return true;
                }
            } catch (InvalidPathException notAPath) {
                // not a file name
            }
        }
        return false;
    }

    private static String lastSegment(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static PathMatcher glob(String pattern) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (RuntimeException badPattern) {
            return null;
        }
    }
}
