/**
 * The Kubernetes cluster: runs as {@code batch/v1} Jobs in the configured dev namespace only, made
 * from the Job template ({@code image/k8s/job-template.yaml}), followed through informers scoped by
 * label, their failures read back in the user's terms. Only this package talks to the Kubernetes
 * API (fabric8); the rest of {@code deploy} sees a {@link dev.jupyship.deploy.cluster.BatchCluster}.
 */
package dev.jupyship.deploy.cluster.kubernetes;
