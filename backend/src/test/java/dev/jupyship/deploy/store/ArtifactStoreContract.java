package dev.jupyship.deploy.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArtifactStore} must do. An implementation's test extends this and says how to
 * make an empty store (a temporary folder for the local store, a fresh bucket in a real emulator
 * process for GCS).
 */
public abstract class ArtifactStoreContract {

    protected ArtifactStore store;

    /** A new, empty store. */
    protected abstract ArtifactStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putThenGetGivesTheBytesBackAndOverwriteReplaces() throws Exception {
        store.put("runs/p/a.ipynb/r1/input.ipynb", text("one"));
        assertArrayEquals(text("one"), store.read("runs/p/a.ipynb/r1/input.ipynb"));
        store.put("runs/p/a.ipynb/r1/input.ipynb", text("two, longer"));
        assertArrayEquals(text("two, longer"), store.read("runs/p/a.ipynb/r1/input.ipynb"));
        assertTrue(store.exists("runs/p/a.ipynb/r1/input.ipynb"));
    }

    @Test
    void aMissingKeyIsNoSuchFile() throws Exception {
        assertThrows(NoSuchFileException.class, () -> store.get("runs/none"));
        assertThrows(NoSuchFileException.class, () -> store.read("runs/none"));
        assertFalse(store.exists("runs/none"));
    }

    @Test
    void listIsByPrefixSortedAndRecursive() throws Exception {
        for (String key : List.of("runs/p/b/2/m.json", "runs/p/a/1/m.json", "runs/p/a/1/artifacts/x/y.bin", "runs/p/ab/3/m.json", "other/k")) {
            store.put(key, text(key));
        }
        assertEquals(List.of("runs/p/a/1/artifacts/x/y.bin", "runs/p/a/1/m.json"), store.list("runs/p/a/"));
        assertEquals(List.of("runs/p/a/1/artifacts/x/y.bin", "runs/p/a/1/m.json", "runs/p/ab/3/m.json"), store.list("runs/p/a"));
        assertEquals(5, store.list("").size());
        assertEquals(List.of(), store.list("runs/q/"));
    }

    @Test
    void listPagesInByteOrderAndResumesAfterAKey() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            keys.add(String.format("runs/p/k%02d", i));
        }
        // U+FFFD sorts before an emoji (beyond U+FFFF) in UTF-8, the other way round in Java's String order.
        keys.add("runs/p/z\uFFFD");
        keys.add("runs/p/z\uD83D\uDE00");
        keys.add("runs/p/k07x/artifacts/m.json");
        for (String key : keys) {
            store.put(key, text(key));
        }
        store.put("runs/q/k00", text("another prefix"));
        List<String> expected = new ArrayList<>(keys);
        expected.sort(ArtifactStore.ORDER);
        assertEquals("runs/p/z\uFFFD", expected.get(expected.size() - 2));

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String after = null;
        do {
            KeyPage page = store.list("runs/p/", 10, after);
            seen.addAll(page.keys());
            sizes.add(page.keys().size());
            after = page.next();
            if (after != null) {
                assertEquals(page.keys().get(page.keys().size() - 1), after, "a page resumes after its last key");
            }
        } while (after != null);
        assertEquals(expected, seen, "every key once, in byte order");
        assertEquals(List.of(10, 10, 6), sizes);
        assertEquals(expected, store.list("runs/p/"), "the unpaged form is the pages joined");

        assertEquals(List.of("runs/p/k07x/artifacts/m.json", "runs/p/k08"), store.list("runs/p/", 2, "runs/p/k07").keys(),
                "after a key: strictly after it");
        assertEquals(List.of("runs/p/k10", "runs/p/k11"), store.list("runs/p/", 2, "runs/p/k09~").keys(),
                "after a key that is not in the store: from where it would sort");
        KeyPage last = store.list("runs/p/", 5, "runs/p/k22");
        assertEquals(List.of("runs/p/z\uFFFD", "runs/p/z\uD83D\uDE00"), last.keys());
        assertEquals(null, last.next());
        assertEquals(new KeyPage(List.of(), null), store.list("runs/none/", 10, null));
        assertThrows(IllegalArgumentException.class, () -> store.list("runs/p/", 0, null));
        assertThrows(IllegalArgumentException.class, () -> store.list("runs/p/", ArtifactStore.MAX_PAGE + 1, null));
    }

    @Test
    void deleteRemovesAKeyAndIgnoresAMissingOne() throws Exception {
        store.put("runs/p/a/1/m.json", text("x"));
        store.put("runs/p/a/1/n.json", text("y"));
        store.delete("runs/p/a/1/m.json");
        store.delete("runs/p/a/1/m.json");
        assertEquals(List.of("runs/p/a/1/n.json"), store.list("runs/"));
        store.delete("runs/p/a/1/n.json");
        assertEquals(List.of(), store.list("runs/"));
    }

    @Test
    void largeValuesStreamBothWays() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        store.put("runs/p/big.bin", big);
        try (InputStream in = store.get("runs/p/big.bin")) {
            assertArrayEquals(big, in.readAllBytes());
        }
    }

    @Test
    void aPutThatFailsMidwayLeavesNothingVisible() throws Exception {
        store.put("runs/p/kept", text("old"));
        InputStream failing = new InputStream() {
            int left = 100_000;

            // Once lost, the connection stays lost: InputStream.read(byte[]) swallows an exception after
            // the first byte of a buffer, so a stream that failed only once would then go on forever.
            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection lost");
                }
                return 'x';
            }
        };
        assertThrows(IOException.class, () -> store.put("runs/p/new", failing));
        assertFalse(store.exists("runs/p/new"));
        assertEquals(List.of("runs/p/kept"), store.list(""));
        InputStream failingAgain = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection lost");
            }
        };
        assertThrows(IOException.class, () -> store.put("runs/p/kept", failingAgain));
        assertArrayEquals(text("old"), store.read("runs/p/kept"));
    }

    /**
     * Bytes that depend on their position, made as they are read (no large array), so a reordered or
     * truncated chunk shows; fails with "connection lost" at {@code failAt} when that is below the length.
     */
    static final class PatternStream extends InputStream {
        private final long length;
        private final long failAt;
        private long position;

        PatternStream(long length, long failAt) {
            this.length = length;
            this.failAt = failAt;
        }

        static byte at(long position) {
            return (byte) (position * 31 + (position >>> 12));
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (position >= failAt) {
                throw new IOException("connection lost at byte " + position);
            }
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, Math.min(length, failAt) - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = at(position++);
            }
            return n;
        }
    }

    private static void assertPattern(long length, InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long position = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            for (int i = 0; i < n; i++, position++) {
                if (buffer[i] != PatternStream.at(position)) {
                    throw new AssertionError("wrong byte at " + position);
                }
            }
        }
        assertEquals(length, position);
    }

    /** Past 16 MiB, the size at which resumable uploads (GCS) send their first chunk. */
    private static final long LARGE = 40L * 1024 * 1024 + 3;

    @Test
    void aStreamOverSeveralUploadChunksComesBackWhole() throws Exception {
        store.put("runs/p/large.bin", new PatternStream(LARGE, Long.MAX_VALUE));
        try (InputStream in = store.get("runs/p/large.bin")) {
            assertPattern(LARGE, in);
        }
    }

    @Test
    void aLargePutThatFailsAfterSomeChunksLeavesNothingAndARetrySucceeds() throws Exception {
        IOException lost = assertThrows(IOException.class, () -> store.put("runs/p/large.bin", new PatternStream(LARGE, LARGE - 4096)));
        assertTrue(lost.getMessage().contains("connection lost"), lost.getMessage());
        assertFalse(store.exists("runs/p/large.bin"));
        assertEquals(List.of(), store.list(""));
        assertThrows(NoSuchFileException.class, () -> store.get("runs/p/large.bin"));
        store.put("runs/p/large.bin", new PatternStream(LARGE, Long.MAX_VALUE));
        try (InputStream in = store.get("runs/p/large.bin")) {
            assertPattern(LARGE, in);
        }
        assertEquals(List.of("runs/p/large.bin"), store.list(""));
    }

    @Test
    void concurrentPutsOfOneKeyLeaveOneWholeValue() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] value = new byte[256 * 1024];
                java.util.Arrays.fill(value, (byte) ('a' + i));
                puts.add(pool.submit(() -> {
                    store.put("runs/p/same", value);
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
        byte[] read = store.read("runs/p/same");
        assertEquals(256 * 1024, read.length);
        for (byte b : read) {
            assertEquals(read[0], b);
        }
    }

    @Test
    void statGivesSizeAndAChecksumOfTheContentAlone() throws Exception {
        assertTrue(store.stat("datasets/none").isEmpty());
        store.put("datasets/a/train.csv", text("x,y\n1,2\n"));
        store.put("datasets/b/train.csv", text("x,y\n1,2\n"));
        ArtifactStore.ObjectInfo a = store.stat("datasets/a/train.csv").orElseThrow();
        assertEquals(8, a.size());
        assertEquals(a, store.stat("datasets/b/train.csv").orElseThrow(), "the same bytes, the same checksum");
        store.put("datasets/a/train.csv", text("x,y\n1,3\n"));
        ArtifactStore.ObjectInfo changed = store.stat("datasets/a/train.csv").orElseThrow();
        assertEquals(8, changed.size());
        assertNotEquals(a.checksum(), changed.checksum(), "a change of the same size is seen");
        assertTrue(store.stat("datasets/a").isEmpty(), "a folder is no key");
    }

    @Test
    void aConditionalPutWinsOnlyAtTheVersionItRead() throws Exception {
        String key = "champions/p/train.ipynb/default/champion.json";
        assertTrue(store.readVersioned(key).isEmpty());
        String first = store.putIfVersion(key, text("one"), null).orElseThrow();
        assertTrue(store.putIfVersion(key, text("not created twice"), null).isEmpty());
        ArtifactStore.Versioned read = store.readVersioned(key).orElseThrow();
        assertArrayEquals(text("one"), read.data());
        assertEquals(first, read.version());
        String second = store.putIfVersion(key, text("two"), read.version()).orElseThrow();
        assertNotEquals(first, second);
        assertTrue(store.putIfVersion(key, text("stale"), first).isEmpty(), "a writer that read 'one' lost to the one that wrote 'two'");
        assertArrayEquals(text("two"), store.read(key));
        assertEquals(second, store.readVersioned(key).orElseThrow().version());
    }

    @Test
    void concurrentReadModifyWritesLoseNoUpdate() throws Exception {
        String key = "leases/counter";
        int writers = 4;
        int increments = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> conflicts = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                conflicts.add(pool.submit(() -> {
                    int lost = 0;
                    for (int i = 0; i < increments; i++) {
                        while (true) {
                            var current = store.readVersioned(key);
                            int value = current.map(v -> Integer.parseInt(new String(v.data(), StandardCharsets.UTF_8))).orElse(0);
                            if (store.putIfVersion(key, text(Integer.toString(value + 1)), current.map(ArtifactStore.Versioned::version).orElse(null))
                                    .isPresent()) {
                                break;
                            }
                            lost++;
                        }
                    }
                    return lost;
                }));
            }
            for (Future<Integer> f : conflicts) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Integer.toString(writers * increments), new String(store.read(key), StandardCharsets.UTF_8));
    }

    @Test
    void badKeysAreRefused() {
        for (String key : List.of("", "/abs", "a//b", "a/../b", "a/./b", "trailing/", "back\\slash")) {
            assertThrows(IllegalArgumentException.class, () -> store.put(key, text("x")), key);
        }
    }

    @Test
    void locationNamesTheKey() {
        assertTrue(store.location("runs/p/a/1/m.json").endsWith("runs/p/a/1/m.json"));
        // the root is what a tool opens the store at (serving, compare): every key is under it
        assertEquals(store.rootLocation() + "/runs/p/a/1/m.json", store.location("runs/p/a/1/m.json"));
        assertTrue(!store.rootLocation().endsWith("/"), store.rootLocation());
    }
}
