package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.testing.KubeControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster contract on a real API server with RBAC ({@link KubeControlPlane}): the sidecar has
 * nothing but the Role of image/k8s/rbac.yaml, the real Job and garbage-collector controllers make
 * and delete the pods, and {@link NodeAgent} binds and runs them as a scheduler and kubelet would:
 * from the runtime image with Docker, with the pod's security context and limits, when the test
 * command built the image ({@code JUPYSHIP_RUNTIME_IMAGE}); as local processes otherwise.
 */
class KubernetesApiServerClusterIT extends KubernetesClusterContract {

    @RegisterExtension
    static final KubeControlPlane KUBE = new KubeControlPlane();

    @Override
    protected KubernetesClient sidecarClient() {
        return KUBE.sidecar();
    }

    @Override
    protected String namespace() {
        return KUBE.namespace();
    }

    @Override
    protected PodRunner podRunner(Path folder, Path storeRoot) {
        String image = System.getenv("JUPYSHIP_RUNTIME_IMAGE");
        return image == null || image.isBlank() ? super.podRunner(folder, storeRoot) : new DockerPodRunner(image, storeRoot);
    }

    @Override
    protected AutoCloseable startNode(PodRunner runner) throws Exception {
        return new NodeAgent(KUBE.admin(), KUBE.namespace(), runner, 1).start(KUBE.kubeletKeyStore(), KUBE.kubeletKeyStorePassword());
    }
}
