package dev.jupyship.deploy;

import dev.jupyship.lint.LintResult;

/** The notebook has error-severity lint findings; the answer carries them. */
public final class LintGateRefusal extends RuntimeException {

    private final transient LintResult result;

    public LintGateRefusal(LintResult result) {
        super(result.file() + " has " + result.count(dev.jupyship.lint.Severity.ERROR)
                + " error-severity lint finding(s): fix them, or deploy with force (dev only)");
        this.result = result;
    }

    public LintResult result() {
        return result;
    }
}
