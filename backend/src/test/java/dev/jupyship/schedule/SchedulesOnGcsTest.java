package dev.jupyship.schedule;

import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.testing.GcsEmulator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two sidecars' schedulers over one bucket of fake-gcs-server, each with its own client: each slot deployed once (generation preconditions). */
class SchedulesOnGcsTest {

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @TempDir
    Path workspace;

    @Test
    void twoSchedulersOverOneBucketDeployEachSlotOnce() throws Exception {
        String bucket = GCS.newBucket();
        SharedStoreSchedulers.deployEachSlotOnce(workspace, new GcsArtifactStore(bucket, "team-a", GCS.endpoint()),
                new GcsArtifactStore(bucket, "team-a", GCS.endpoint()));
    }
}
