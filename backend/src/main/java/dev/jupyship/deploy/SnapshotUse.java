package dev.jupyship.deploy;

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
 */
public record SnapshotUse(String root, String version, String asked, String location, int objects, long bytes, String fingerprint) {
}
