package dev.jupyship.deploy;

import dev.jupyship.contract.Contract;
import dev.jupyship.contract.ContractFormatException;
import dev.jupyship.contract.ContractReader;
import dev.jupyship.contract.Values;
import dev.jupyship.lint.Family;
import dev.jupyship.lint.Finding;
import dev.jupyship.lint.LintConfig;
import dev.jupyship.lint.Linter;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.rules.RuleRegistry;
import dev.jupyship.notebook.Notebook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a notebook must pass before it runs as a batch:
 * <ul>
 *   <li>no error-severity finding of the platform's lint rules, with the project's configuration
 *       (ruff's findings never block: they are advice, and ruff may be missing);</li>
 *   <li>the static contract check (JS601-JS607) whatever the lint configuration ignores, because a
 *       declared contract is the run's interface to its scheduler;</li>
 *   <li>parameters that fit the contract: declared, of the declared type and range, every required
 *       one given, and never {@code output_dir}, which the platform sets.</li>
 * </ul>
 * {@code force} overrides the first two for dev; wrong parameters are never forced, since the run
 * could only fail or, worse, silently run with the default.
 */
public final class DeployGate {

    private final Linter lint;
    private final Linter contract;

    public DeployGate() {
        this.lint = RuleRegistry.linter().withoutStandardLint();
        List<Rule> contractRules = RuleRegistry.rules().stream().filter(rule -> rule.info().family() == Family.CONTRACT).toList();
        this.contract = new Linter(contractRules);
    }

    /**
     * @param file              the notebook as named to the user
     * @param findings          lint and contract findings, each once, in notebook order
     * @param contract          the notebook's contract, or null when it declares none (or a malformed one)
     * @param parameterProblems what is wrong with the parameters given, one sentence each
     */
    public record Verdict(String file, List<Finding> findings, Contract contract, List<String> parameterProblems) {

        public List<Finding> blocking() {
            return findings.stream().filter(finding -> finding.severity() == Severity.ERROR).toList();
        }

        public boolean passes() {
            return parameterProblems.isEmpty() && blocking().isEmpty();
        }
    }

    public Verdict check(Notebook notebook, Path file, String name, LintConfig config, Map<String, Object> parameters) {
        Set<Finding> findings = new LinkedHashSet<>(lint.lint(notebook, file, name, config).findings());
        for (Finding finding : contract.lint(notebook, file, name, LintConfig.defaults()).findings()) {
            boolean reported = findings.stream().anyMatch(seen -> seen.rule().equals(finding.rule()) && seen.cell() == finding.cell()
                    && seen.line() == finding.line() && seen.column() == finding.column());
            if (!reported) {
                findings.add(finding);
            }
        }
        List<Finding> ordered = new ArrayList<>(findings);
        ordered.sort(Linter.BY_POSITION);
        Contract declared;
        try {
            declared = ContractReader.read(notebook).orElse(null);
        } catch (ContractFormatException malformed) {
            declared = null; // reported above as JS603
        }
        return new Verdict(name, List.copyOf(ordered), declared, parameterProblems(declared, parameters));
    }

    static List<String> parameterProblems(Contract contract, Map<String, Object> parameters) {
        List<String> problems = new ArrayList<>();
        if (parameters.containsKey(Contract.OUTPUT_DIR)) {
            problems.add("'" + Contract.OUTPUT_DIR + "' is set by the platform to the run's artifacts folder; leave it out");
        }
        if (contract == null) {
            return problems;
        }
        for (Map.Entry<String, Object> given : parameters.entrySet()) {
            if (given.getKey().equals(Contract.OUTPUT_DIR)) {
                continue;
            }
            Contract.Parameter declared = contract.parameters().get(given.getKey());
            if (declared == null) {
                problems.add("'" + given.getKey() + "' is not a parameter of the notebook's contract (it declares "
                        + contract.parameters().keySet().stream().filter(p -> !p.equals(Contract.OUTPUT_DIR)).toList() + ")");
                continue;
            }
            String problem = declared.problem(Values.plain(given.getValue()));
            if (problem != null) {
                problems.add("parameter '" + given.getKey() + "': " + problem);
            }
        }
        for (Contract.Parameter declared : contract.parameters().values()) {
            if (declared.required() && !declared.name().equals(Contract.OUTPUT_DIR) && !parameters.containsKey(declared.name())) {
                problems.add("parameter '" + declared.name() + "' is required by the notebook's contract: give it "
                        + declared.type().withArticle());
            }
        }
        return problems;
    }
}
