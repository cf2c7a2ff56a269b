package dev.jupyship.deploy.cluster.kubernetes;

import java.nio.file.Path;

/**
 * What the Kubernetes cluster takes from the deploy configuration.
 *
 * @param namespace      the dev namespace: every Job goes there, never to a namespace a request names
 * @param serviceAccount the Job pods' service account, or null for the template's
 * @param cpu            requests and limits of the notebook container, or null for the template's
 * @param memory         likewise
 * @param jobTemplate    the platform team's Job template, or null for the one packaged in the jar
 */
public record KubernetesSettings(String namespace, String serviceAccount, String cpu, String memory, Path jobTemplate) {
}
