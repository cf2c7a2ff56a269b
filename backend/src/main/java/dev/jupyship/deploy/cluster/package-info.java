/**
 * Where runs execute: the {@link dev.jupyship.deploy.cluster.BatchCluster} interface, its job and
 * outcome types, and the default {@link dev.jupyship.deploy.cluster.LocalBatchCluster} (papermill
 * in subprocesses, through {@code run}). Kubernetes is {@code kubernetes/}; the configuration picks
 * one. Every implementation passes the same contract test suite. A run's vocabulary is here too, as
 * the cluster reports it and {@code deploy} records it: {@link dev.jupyship.deploy.cluster.RunStatus},
 * {@link dev.jupyship.deploy.cluster.RunFailure} and where a run's files live in the store,
 * {@link dev.jupyship.deploy.cluster.RunLayout}. It uses nothing of {@code deploy} itself.
 */
package dev.jupyship.deploy.cluster;
