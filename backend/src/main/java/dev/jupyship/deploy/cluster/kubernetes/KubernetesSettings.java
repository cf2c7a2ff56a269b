package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.run.ThisMachine;
import java.nio.file.Path;

/**
 * What the Kubernetes cluster takes from the deploy configuration.
 *
 * @param namespace      the dev namespace: every Job goes there, never to a namespace a request names
 * @param serviceAccount the Job pods' service account, or null for the template's
 * @param cpu            requests and limits of the notebook container, or null for the template's
 * @param memory         likewise
 * @param jobTemplate    the platform team's Job template, or null for the one packaged in the jar
 * @param owner          the machine whose runs these are ({@link ThisMachine}): labelled on their Jobs and pods,
 *                       and the only ones this sidecar watches
 */
public record KubernetesSettings(String namespace, String serviceAccount, String cpu, String memory, Path jobTemplate, String owner) {

    public KubernetesSettings {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("a Kubernetes cluster needs the owner its runs are labelled with");
        }
    }

    /** Settings for this machine's runs. */
    public KubernetesSettings(String namespace, String serviceAccount, String cpu, String memory, Path jobTemplate) {
        this(namespace, serviceAccount, cpu, memory, jobTemplate, ThisMachine.name());
    }

    /** The same settings for another machine's runs (tests and benchmarks play several notebook pods in one process). */
    public KubernetesSettings ownedBy(String otherOwner) {
        return new KubernetesSettings(namespace, serviceAccount, cpu, memory, jobTemplate, otherOwner);
    }
}
