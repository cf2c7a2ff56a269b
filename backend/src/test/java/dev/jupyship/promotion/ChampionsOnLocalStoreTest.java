package dev.jupyship.promotion;

import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;

/** The champion on the local store (a file lock and an atomic rename for the compare-and-set). */
class ChampionsOnLocalStoreTest extends ChampionsContract {

    @Override
    protected ArtifactStore newStore() {
        return new LocalArtifactStore(temp.resolve("store"));
    }
}
