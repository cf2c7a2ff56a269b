package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.deploy.cluster.BatchCluster.ClusterException;
import dev.jupyship.errors.DomainError;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.channels.ClosedChannelException;
import java.util.stream.Collectors;

/** Kubernetes API errors said in the user's terms, with what to change: the one place that reads their codes. */
final class KubernetesErrors {

    private KubernetesErrors() {
    }

    /** What to check when the cluster finds a Job invalid: what the sidecar puts in it. */
    static final String JOB_FIELDS = "the Job template ([cluster] job_template) and [cluster] cpu, memory and image";

    /** {@link #explain(KubernetesClientException, String, String, String)} of a request that sends no object. */
    static ClusterException explain(KubernetesClientException e, String namespace, String doing) {
        return explain(e, namespace, doing, null);
    }

    /**
     * @param doing     what the sidecar was doing, as a phrase ({@code "create the Job jupyship-..."})
     * @param toCheck   where an object the cluster finds invalid comes from, to be checked; null if none is sent
     */
    static ClusterException explain(KubernetesClientException e, String namespace, String doing, String toCheck) {
        String why = reason(e);
        String message = switch (e.getCode()) {
            case 401 -> "the Kubernetes API did not accept the sidecar's credentials to " + doing + " (" + why
                    + "); check the pod's service account token or the kubeconfig";
            case 403 -> "the sidecar's service account may not " + doing + " in namespace '" + namespace + "' (" + why
                    + "); the platform team grants it with the Role and RoleBinding of image/k8s/";
            case 404 -> "namespace '" + namespace + "' does not exist in the cluster, so the sidecar could not " + doing
                    + "; ask the platform team to create it, or correct [cluster] namespace";
            case 409 -> "could not " + doing + ": it already exists in namespace '" + namespace + "' (" + why + ")";
            case 422 -> "the cluster refused to " + doing + ", finding it invalid (" + why + ")"
                    + (toCheck == null ? "" : "; check " + toCheck);
            default -> e.getCode() <= 0 ? unreachable(doing, why)
                    : "the Kubernetes API answered " + e.getCode() + " when asked to " + doing + " (" + why + ")";
        };
        ClusterException refused = new ClusterException(kind(e.getCode()), message);
        refused.initCause(e);
        return refused;
    }

    /**
     * A refusal's kind, for the status the sidecar answers with: what the sidecar may not do is
     * refused (403), an invalid object bad input (400), an existing one a conflict (409); a missing
     * namespace, an API that does not answer or fails may do better later (503).
     */
    private static DomainError.Kind kind(int code) {
        return switch (code) {
            case 401, 403 -> DomainError.Kind.REFUSED;
            case 409 -> DomainError.Kind.CONFLICT;
            case 400, 422 -> DomainError.Kind.BAD_INPUT;
            default -> DomainError.Kind.UNAVAILABLE;
        };
    }

    /** No answer at all: fabric8 says code 0, or -1 when the connection closed (an API server stopping or restarting). */
    private static String unreachable(String doing, String why) {
        return "the Kubernetes API could not be reached to " + doing + " (" + why + "); check that the cluster's API server is up and "
                + "that the notebook pod may reach it (the network policy of image/k8s/z2jh-values.yaml), then try again";
    }

    private static String reason(KubernetesClientException e) {
        Status status = e.getStatus();
        if (status == null) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof ClosedChannelException) {
                return "the connection was closed";
            }
            return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
        String text = status.getMessage() == null || status.getMessage().isBlank() ? String.valueOf(status.getReason()) : status.getMessage();
        if (status.getDetails() != null && status.getDetails().getCauses() != null && !status.getDetails().getCauses().isEmpty()) {
            String causes = status.getDetails().getCauses().stream()
                    .map(KubernetesErrors::cause).collect(Collectors.joining("; "));
            if (!text.contains(causes)) {
                text = text + ": " + causes;
            }
        }
        return text;
    }

    private static String cause(StatusCause cause) {
        return (cause.getField() == null ? "" : cause.getField() + ": ") + cause.getMessage();
    }
}
