package dev.jupyship.deploy;

/** The notebook has error-severity lint findings or breaks its contract; the answer carries the verdict. */
public final class GateRefusal extends RuntimeException {

    private final transient DeployGate.Verdict verdict;

    public GateRefusal(DeployGate.Verdict verdict) {
        super(verdict.file() + " has " + verdict.blocking().size()
                + " error-severity finding(s) (lint or contract): fix them, or deploy with force (dev only)");
        this.verdict = verdict;
    }

    public DeployGate.Verdict verdict() {
        return verdict;
    }
}
