/**
 * Where runs execute: the {@link dev.jupyship.deploy.cluster.BatchCluster} interface, its job and
 * outcome types, and the default {@link dev.jupyship.deploy.cluster.LocalBatchCluster} (papermill
 * in subprocesses, through {@code run}). Kubernetes is {@code kubernetes/}; the configuration picks
 * one. Every implementation passes the same contract test suite.
 */
package dev.jupyship.deploy.cluster;
