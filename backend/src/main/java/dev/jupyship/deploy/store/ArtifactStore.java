package dev.jupyship.deploy.store;

import dev.jupyship.json.CodePointOrder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where runs are kept: a flat space of keys ({@code runs/p/train.ipynb/20261128T023000Z-ab12cd/manifest.json})
 * mapped to bytes, the way object stores (GCS, S3) work, so any of them can implement it.
 *
 * <p>The contract every implementation keeps (and {@code ArtifactStoreContract} tests):
 * <ul>
 *   <li>a {@link #put} is atomic: readers see the old bytes or the new bytes, never part of them,
 *       and a put that fails leaves nothing visible;</li>
 *   <li>there is no rename: a group of keys (a run) becomes visible when its last key, the manifest,
 *       is put; writers put the manifest last;</li>
 *   <li>{@link #list} answers by key prefix, a page at a time, sorted by {@link #ORDER}, and never shows
 *       keys in flight.</li>
 * </ul>
 * Keys are {@code /}-separated segments, none empty, {@code .} or {@code ..}.
 */
public interface ArtifactStore {

    /** Stores the stream's bytes under the key, replacing what was there, atomically. */
    void put(String key, InputStream data) throws IOException;

    default void put(String key, byte[] data) throws IOException {
        put(key, new ByteArrayInputStream(data));
    }

    default void putFile(String key, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            put(key, in);
        }
    }

    /** The bytes under the key, streamed; {@link java.nio.file.NoSuchFileException} when there are none. */
    InputStream get(String key) throws IOException;

    default byte[] read(String key) throws IOException {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        }
    }

    boolean exists(String key) throws IOException;

    /**
     * What a key holds, without its bytes: its size and a checksum of its content (GCS's CRC32C; a
     * SHA-256 locally), for fingerprints of data snapshots: the same bytes give the same checksum
     * however often they were written.
     */
    record ObjectInfo(long size, String checksum) {
    }

    /** The key's size and checksum; empty when there is no such key. */
    java.util.Optional<ObjectInfo> stat(String key) throws IOException;

    /**
     * A key's bytes with the version a conditional put compares against: GCS's object generation,
     * the local store's content hash.
     */
    record Versioned(byte[] data, String version) {
    }

    /** The bytes under the key with their version; empty when there are none. */
    java.util.Optional<Versioned> readVersioned(String key) throws IOException;

    /**
     * Compare-and-set, the building block of pointers (a notebook's champion) and leases (a
     * schedule's): puts the bytes only if the key is still at {@code expectedVersion} (null: only if
     * there is no such key), atomically against every writer that writes the key this way, in other
     * processes and on other machines too (GCS preconditions; a file lock and an atomic rename
     * locally). Answers the new version, or empty when another writer came first: read again and decide
     * again. A key written this way is written only this way.
     */
    java.util.Optional<String> putIfVersion(String key, byte[] data, String expectedVersion) throws IOException;

    /**
     * The order keys are listed in: by Unicode code point, which is UTF-8 byte order, the order object
     * stores list in (Java's {@code String} order differs for characters beyond U+FFFF), so a page's
     * last key is where the store's own listing resumes.
     */
    Comparator<String> ORDER = CodePointOrder.ORDER;

    /** The most keys one page holds: GCS's own limit for a listing request. */
    int MAX_PAGE = 1000;

    /**
     * Up to {@code pageSize} keys that start with the prefix and sort (by {@link #ORDER}) after
     * {@code after} (null: from the first): one request to an object store. A prefix ending in
     * {@code /} lists a "folder". {@link KeyPage#next} is absent once no key follows.
     */
    KeyPage list(String prefix, int pageSize, String after) throws IOException;

    /**
     * Every key that starts with the prefix, sorted, page after page: only for sets that are small by
     * construction (one run's files); whatever grows with the store's history is read a page at a time.
     */
    default List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        String after = null;
        do {
            KeyPage page = list(prefix, MAX_PAGE, after);
            keys.addAll(page.keys());
            after = page.next();
        } while (after != null);
        return keys;
    }

    /** The page size asked for, checked the same way by every store. */
    static int checkPageSize(int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new IllegalArgumentException("a page of keys holds 1 to " + MAX_PAGE + " keys, not " + pageSize);
        }
        return pageSize;
    }

    /** Removes the key; nothing happens when it does not exist. */
    void delete(String key) throws IOException;

    /** Where a key lives, for people and for tools that read it directly ({@code file:...}, {@code gs://...}). */
    String location(String key);

    /** Where the store itself is, as those tools open it: every key's location is this, a slash, then the key. */
    String rootLocation();

    /**
     * What a Python process needs in its environment to reach {@link #location}s itself (papermill
     * and gcsfs in a batch pod): nothing for the stores' usual set-up; {@code STORAGE_EMULATOR_HOST}
     * for a GCS emulator.
     */
    default java.util.Map<String, String> clientEnvironment() {
        return java.util.Map.of();
    }

    /** Checks a key's shape; the same rule for every store. */
    static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("bad store key '" + key + "': relative, /-separated, no trailing /");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("bad store key '" + key + "': empty, . or .. segment");
            }
        }
        return key;
    }
}
