package dev.jupyship.deploy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.GcsEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on GCS, against a real fake-gcs-server process: each test gets a fresh bucket
 * and the store works under a prefix in it, as teams sharing a bucket do. Plus what is GCS-only.
 */
class GcsArtifactStoreTest extends ArtifactStoreContract {

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    private String bucket;

    @Override
    protected ArtifactStore newStore() throws Exception {
        bucket = GCS.newBucket();
        return new GcsArtifactStore(bucket, "team-a", GCS.endpoint());
    }

    @Test
    void keysAreObjectsUnderThePrefixAndOtherPrefixesAreNotSeen() throws Exception {
        store.put("runs/p/m.json", "{}".getBytes(StandardCharsets.UTF_8));
        GcsArtifactStore wholeBucket = new GcsArtifactStore(bucket, null, GCS.endpoint());
        GcsArtifactStore otherTeam = new GcsArtifactStore(bucket, "/team-b/", GCS.endpoint());
        otherTeam.put("runs/p/m.json", "[]".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("team-a/runs/p/m.json", "team-b/runs/p/m.json"), wholeBucket.list(""));
        assertEquals(List.of("runs/p/m.json"), store.list(""));
        assertEquals("{}", new String(store.read("runs/p/m.json"), StandardCharsets.UTF_8));
        assertEquals("gs://" + bucket + "/team-a/runs/p/m.json", store.location("runs/p/m.json"));
        assertEquals("gs://" + bucket + "/team-b/runs/p/m.json", otherTeam.location("runs/p/m.json"));
    }

    @Test
    void aMissingBucketIsNamedInOneSentence() {
        GcsArtifactStore nowhere = new GcsArtifactStore("no-such-bucket-here", "p", GCS.endpoint());
        for (IOException e : List.of(assertThrows(IOException.class, () -> nowhere.put("k", new byte[] {1})),
                assertThrows(IOException.class, () -> nowhere.put("k", new PatternStream(10, Long.MAX_VALUE))),
                assertThrows(IOException.class, () -> nowhere.list("runs/")))) {
            assertTrue(e.getMessage().contains("the bucket 'no-such-bucket-here' does not exist"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void nothingConnectsUntilUsedButBadSettingsAreRefusedAtOnce() {
        // Port 9 on loopback: nothing listens; making the store and naming locations must not need it.
        GcsArtifactStore unused = new GcsArtifactStore("ml-runs", "p", "http://127.0.0.1:9");
        assertEquals("gs://ml-runs/p/runs/x", unused.location("runs/x"));
        assertEquals("gs://ml-runs/runs/x", new GcsArtifactStore("ml-runs", " / ", null).location("runs/x"));
        assertThrows(IllegalArgumentException.class, () -> new GcsArtifactStore(" ", null, null));
        assertThrows(IllegalArgumentException.class, () -> new GcsArtifactStore("gs://ml-runs", null, null));
        assertThrows(IllegalArgumentException.class, () -> new GcsArtifactStore("ml-runs", "a/../b", null));
        assertThrows(IllegalArgumentException.class, () -> new GcsArtifactStore("ml-runs", null, "localhost:4443"));
    }

    @Test
    void anUnreachableEndpointIsNamedAfterTheRetries() {
        // Port 9 on loopback: nothing listens, so every connection is refused.
        GcsArtifactStore unreachable = new GcsArtifactStore("ml-runs", "p", "http://127.0.0.1:9", 2);
        for (IOException e : List.of(assertThrows(IOException.class, () -> unreachable.put("k", new byte[] {1})),
                assertThrows(IOException.class, () -> unreachable.put("k", new PatternStream(10, Long.MAX_VALUE))),
                assertThrows(IOException.class, () -> unreachable.read("k")),
                assertThrows(IOException.class, () -> unreachable.list("runs/")))) {
            assertTrue(e.getMessage().contains("GCS could not be reached"), e.getMessage());
            assertTrue(e.getMessage().contains("gs://ml-runs/p/"), e.getMessage());
        }
    }
}
