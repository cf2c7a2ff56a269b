package dev.jupyship.lint.rules.support;

import dev.jupyship.contract.ContractFinding;
import dev.jupyship.contract.ParserCodeFacts;
import dev.jupyship.contract.StaticContractCheck;
import dev.jupyship.lint.LintContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The static contract check as the lint engine runs it: once per lint, shared by the rules
 * JS601-JS607, each of which reports its own findings. The same {@link StaticContractCheck} the
 * interface test runs, so lint and test agree. It lives with the rule helpers, so the contract package
 * knows nothing of the lint engine (lint uses contract, not the other way round).
 */
public final class ContractLint {

    private ContractLint() {
    }

    /** The check's findings for the notebook being linted; empty when it declares no contract. */
    public static List<ContractFinding> findings(LintContext context) {
        return context.shared(ContractLint.class, c -> {
            try {
                return new StaticContractCheck(new ParserCodeFacts()).check(c.notebook()).findings();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
