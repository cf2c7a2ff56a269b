package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.deploy.cluster.BatchCluster.ClusterException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.channels.ClosedChannelException;
import java.util.stream.Collectors;

/** Kubernetes API errors said in the user's terms, with what to change: the one place that reads their codes. */
final class KubernetesErrors {

    private KubernetesErrors() {
    }

    /**
     * @param doing what the sidecar was doing, as a phrase ({@code "create the Job jupyship-..."})
     */
    static ClusterException explain(KubernetesClientException e, String namespace, String doing) {
        String why = reason(e);
        String message = switch (e.getCode()) {
            case 401 -> "the Kubernetes API did not accept the sidecar's credentials to " + doing + " (" + why
                    + "); check the pod's service account token or the kubeconfig";
            case 403 -> "the sidecar's service account may not " + doing + " in namespace '" + namespace + "' (" + why
                    + "); the platform team grants it with the Role and RoleBinding of image/k8s/";
            case 404 -> "namespace '" + namespace + "' does not exist in the cluster, so the sidecar could not " + doing
                    + "; ask the platform team to create it, or correct [cluster] namespace";
            case 409 -> "could not " + doing + ": it already exists in namespace '" + namespace + "' (" + why + ")";
            case 422 -> "the cluster refused the Job as invalid when asked to " + doing + " (" + why
                    + "); check the Job template ([cluster] job_template) and [cluster] cpu, memory and image";
            default -> e.getCode() <= 0 ? unreachable(doing, why)
                    : "the Kubernetes API answered " + e.getCode() + " when asked to " + doing + " (" + why + ")";
        };
        ClusterException refused = new ClusterException(message);
        refused.initCause(e);
        return refused;
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
