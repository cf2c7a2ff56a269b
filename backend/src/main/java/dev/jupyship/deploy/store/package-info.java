/**
 * Where runs are kept: the {@link dev.jupyship.deploy.store.ArtifactStore} interface (keys to bytes,
 * as object stores have them), the default {@link dev.jupyship.deploy.store.LocalArtifactStore} (a
 * folder) and {@link dev.jupyship.deploy.store.GcsArtifactStore} (a Cloud Storage bucket, the only
 * user of Google's client). It uses nothing of jupyship but the domain's errors.
 */
package dev.jupyship.deploy.store;
