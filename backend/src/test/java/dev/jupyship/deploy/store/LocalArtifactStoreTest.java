package dev.jupyship.deploy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the local folder, plus what is local-only. */
class LocalArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path folder;

    @Override
    protected ArtifactStore newStore() {
        return new LocalArtifactStore(folder.resolve("store"));
    }

    @Test
    void temporaryFilesAreNeverKeysAndAreCleanedUp() throws Exception {
        store.put("runs/x", new byte[] {1});
        assertEquals(0, Files.list(folder.resolve("store/" + LocalArtifactStore.INCOMING)).count());
        assertThrows(IllegalArgumentException.class, () -> store.put(LocalArtifactStore.INCOMING + "/x", new byte[] {1}));
    }
}
