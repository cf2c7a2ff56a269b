package dev.jupyship.promotion;

import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.testing.GcsEmulator;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The champion on GCS, against a real fake-gcs-server (generation preconditions for the compare-and-set), a fresh bucket a test. */
class ChampionsOnGcsTest extends ChampionsContract {

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @Override
    protected ArtifactStore newStore() throws Exception {
        return new GcsArtifactStore(GCS.newBucket(), "team-a", GCS.endpoint());
    }
}
