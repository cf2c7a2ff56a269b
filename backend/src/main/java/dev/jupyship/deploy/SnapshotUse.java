package dev.jupyship.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The data snapshot a run read through a {@code snapshot} parameter, as its manifest records it.
 *
 * @param root        the contract's store folder of snapshots ({@code datasets/churn})
 * @param version     the version resolved ({@code 20261201T030000Z})
 * @param asked       what the deploy asked for: {@code latest} or the version
 * @param location    what the notebook received: the snapshot's folder, a path or a {@code gs://} URI
 * @param objects     how many objects it holds
 * @param bytes       their total size
 * @param fingerprint a hash of every object's name, size and checksum: the same content, the same fingerprint
 * @param validated   the contract's checks it passed before the run read it, one sentence each (absent: none declared)
 */
public record SnapshotUse(String root, String version, String asked, String location, int objects, long bytes, String fingerprint,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> validated) {

    public SnapshotUse(String root, String version, String asked, String location, int objects, long bytes, String fingerprint) {
        this(root, version, asked, location, objects, bytes, fingerprint, List.of());
    }

    public SnapshotUse {
        validated = validated == null ? List.of() : List.copyOf(validated);
    }

    /** The same use, with the checks it passed. */
    SnapshotUse withValidated(List<String> checks) {
        return new SnapshotUse(root, version, asked, location, objects, bytes, fingerprint, checks);
    }
}
