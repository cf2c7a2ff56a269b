package dev.jupyship.promotion;

import dev.jupyship.contract.Contract;
import dev.jupyship.contract.ContractReader;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.notebook.Notebook;
import java.io.IOException;
import java.util.Optional;

/**
 * A run's contract, read from the notebook as deployed ({@code input.ipynb} in the run's folder of
 * the store), never from the workspace, which may have changed since.
 */
final class RunContract {

    private RunContract() {
    }

    /**
     * The contract, empty when the notebook declares none; a malformed one throws
     * {@link dev.jupyship.contract.ContractFormatException} naming the field.
     */
    static Optional<Contract> of(ArtifactStore store, RunManifest run) throws IOException {
        byte[] input = store.read(run.prefix() + RunLayout.INPUT);
        return ContractReader.read(Notebook.parse(input, run.notebook()));
    }
}
