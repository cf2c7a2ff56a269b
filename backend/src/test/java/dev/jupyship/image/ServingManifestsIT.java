package dev.jupyship.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.KubeControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * image/k8s/serving.yaml on a real API server (RBAC on, the namespace enforcing the restricted Pod
 * Security Standard) with the real deployment, replicaset and disruption controllers: every object is
 * accepted as written, the Deployment's ReplicaSet makes its two pods (so they pass Pod Security
 * admission and their service account exists), and the budget counts exactly those pods.
 */
class ServingManifestsIT {

    @RegisterExtension
    static final KubeControlPlane KUBE = new KubeControlPlane();

    @Test
    void theServingManifestsAreAcceptedTheirPodsAdmittedAndBudgeted() throws Exception {
        KubernetesClient admin = KUBE.admin();
        String namespace = KUBE.namespace();
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(Corpus.repository().resolve("image/k8s/serving.yaml"))) {
            objects = admin.load(in).items();
        }
        assertEquals(List.of("ConfigMap", "ServiceAccount", "Deployment", "Service", "PodDisruptionBudget"),
                objects.stream().map(HasMetadata::getKind).toList());
        for (HasMetadata object : objects) {
            admin.resource(object).inNamespace(namespace).create();
        }
        Deployment deployment = admin.apps().deployments().inNamespace(namespace).withName("churn-serving").get();
        Map<String, String> labels = deployment.getSpec().getSelector().getMatchLabels();

        AtomicReference<List<Pod>> pods = new AtomicReference<>(List.of());
        HangGuard.until("the Deployment's two pods", () -> {
            pods.set(admin.pods().inNamespace(namespace).withLabels(labels).list().getItems());
            return pods.get().size() == 2;
        });
        for (Pod pod : pods.get()) {
            assertEquals("jupyship-serving", pod.getSpec().getServiceAccountName());
            assertEquals(Boolean.FALSE, pod.getSpec().getAutomountServiceAccountToken());
            assertTrue(pod.getSpec().getVolumes().stream().noneMatch(v -> v.getProjected() != null), "no API token mounted");
            assertEquals("ReplicaSet", pod.getMetadata().getOwnerReferences().get(0).getKind());
        }
        HangGuard.until("the budget to count the pods", () -> {
            PodDisruptionBudget budget = admin.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("churn-serving").get();
            return budget.getStatus() != null && Integer.valueOf(2).equals(budget.getStatus().getExpectedPods());
        });
        PodDisruptionBudget budget = admin.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("churn-serving").get();
        assertEquals(0, budget.getStatus().getDisruptionsAllowed(), "no pod is ready (no kubelet here): none may be disrupted");
    }
}
