package dev.jupyship.lint;

import dev.jupyship.lint.rules.AbsoluteLocalPath;
import dev.jupyship.lint.rules.ContractCellSyntaxError;
import dev.jupyship.lint.rules.ContractWithoutParametersCell;
import dev.jupyship.lint.rules.CredentialInOutput;
import dev.jupyship.lint.rules.CredentialInSource;
import dev.jupyship.lint.rules.CurlPipeShell;
import dev.jupyship.lint.rules.EmbeddedImage;
import dev.jupyship.lint.rules.EmptyCell;
import dev.jupyship.lint.rules.ErrorOutput;
import dev.jupyship.lint.rules.EvalExec;
import dev.jupyship.lint.rules.ExitCall;
import dev.jupyship.lint.rules.InteractiveCall;
import dev.jupyship.lint.rules.LateImport;
import dev.jupyship.lint.rules.MalformedContract;
import dev.jupyship.lint.rules.MissingParametersCell;
import dev.jupyship.lint.rules.OutOfOrderExecution;
import dev.jupyship.lint.rules.OutputNotWritten;
import dev.jupyship.lint.rules.OversizedOutput;
import dev.jupyship.lint.rules.ParameterDefault;
import dev.jupyship.lint.rules.ParameterMismatch;
import dev.jupyship.lint.rules.ParameterReassigned;
import dev.jupyship.lint.rules.ParameterUsedBeforeParametersCell;
import dev.jupyship.lint.rules.ParametersNotLiteral;
import dev.jupyship.lint.rules.PickleModel;
import dev.jupyship.lint.rules.PrintFlood;
import dev.jupyship.lint.rules.SyntaxError;
import dev.jupyship.lint.rules.UndefinedName;
import dev.jupyship.lint.rules.UnpinnedPipInstall;
import dev.jupyship.lint.rules.UnseededRandomness;
import dev.jupyship.lint.rules.UnusedImport;
import dev.jupyship.lint.rules.WallClockDate;
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

    public static Rule byId(String id) {
        return RULES.stream().filter(rule -> rule.info().id().equals(id)).findFirst().orElse(null);
    }
}
