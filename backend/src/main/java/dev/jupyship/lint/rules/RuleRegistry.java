package dev.jupyship.lint.rules;

import dev.jupyship.lint.Linter;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.standard.RuffLinter;
import java.util.List;

/** Every rule, one line each, in id order. Adding a rule: its class, a line here, its doc and its fixture. */
public final class RuleRegistry {

    private static final List<Rule> RULES = List.of(
            new OutOfOrderExecution(),
            new UndefinedName(),
            new ErrorOutput(),
            new EmptyCell(),
            new OversizedOutput(),
            new EmbeddedImage(),
            new MissingParametersCell(),
            new ParametersNotLiteral(),
            new ParameterUsedBeforeParametersCell(),
            new InteractiveCall(),
            new ExitCall(),
            new PrintFlood(),
            new SyntaxError(),
            new AbsoluteLocalPath(),
            new PickleModel(),
            new UnpinnedPipInstall(),
            new UnseededRandomness(),
            new WallClockDate(),
            new CredentialInSource(),
            new CredentialInOutput(),
            new EvalExec(),
            new CurlPipeShell(),
            new UnusedImport(),
            new LateImport(),
            new ContractWithoutParametersCell(),
            new MalformedContract(),
            new ParameterMismatch(),
            new ParameterDefault(),
            new ParameterReassigned(),
            new OutputNotWritten(),
            new ContractCellSyntaxError());

    private RuleRegistry() {
    }

    public static List<Rule> rules() {
        return RULES;
    }

    /**
     * Every registered rule, with ruff beside them when it is installed: the one linter of the API,
     * the CLI, the pre-commit hook and the deploy gate, so they agree.
     */
    public static Linter linter() {
        return new Linter(RULES, RuffLinter.orNote());
    }

    public static Rule byId(String id) {
        return RULES.stream().filter(rule -> rule.info().id().equals(id)).findFirst().orElse(null);
    }
}
