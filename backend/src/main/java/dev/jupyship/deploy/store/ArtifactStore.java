package dev.jupyship.deploy.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *   <li>{@link #list} answers by key prefix, sorted, and never shows keys in flight.</li>
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

    /** Every key that starts with the prefix, sorted; a prefix ending in {@code /} lists a "folder". */
    List<String> list(String prefix) throws IOException;

    /** Removes the key; nothing happens when it does not exist. */
    void delete(String key) throws IOException;

    /** Where a key lives, for people and for tools that read it directly ({@code file:...}, {@code gs://...}). */
    String location(String key);

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
