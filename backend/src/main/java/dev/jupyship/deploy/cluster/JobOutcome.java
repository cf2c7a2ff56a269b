package dev.jupyship.deploy.cluster;

import java.nio.file.Path;

/**
 * How a job ended.
 *
 * @param status           succeeded, failed or cancelled
 * @param failure          why, when it did not succeed
 * @param executedNotebook the executed notebook on this machine, or null (none, or already in the store)
 * @param outputDir        the run's output_dir on this machine, or null when there is none or the job wrote its
 *                         outputs to the store's {@code artifacts/} folder itself (Kubernetes)
 */
public record JobOutcome(RunStatus status, RunFailure failure, Path executedNotebook, Path outputDir) {
}
