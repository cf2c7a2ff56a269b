package dev.jupyship.deploy;

import java.io.IOException;

/**
 * What else happens when a run ends, for the features built on deploy (the promotion gate, alerts):
 * the run's final manifest passes through each completion before it is stored, so what they add
 * (checks, a decision) is part of the run the moment it is visible as ended; then each hears of the
 * stored run. Only the process that ends a run calls them. {@link #beforeStored} is called again when
 * storing the manifest failed and is retried, so side effects (moving a pointer, sending an alert)
 * belong in {@link #stored}, which is called once per run. A completion that is also
 * {@link AutoCloseable} is closed with the deployer, after its cluster.
 */
public interface RunCompletion {

    /**
     * The final manifest to store, with what this completion adds; unchanged by default. A completion
     * that throws is logged and skipped: the run's outcome is stored all the same.
     */
    default RunManifest beforeStored(RunManifest ended) throws IOException {
        return ended;
    }

    /** The run's final manifest is stored and listed. Exceptions are logged. */
    default void stored(RunManifest ended) {
    }
}
