package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.testing.MockApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster contract on fabric8's mock API server in CRUD mode, with {@link TestKubelet} playing
 * the Job controller and the kubelet.
 */
class KubernetesBatchClusterTest extends KubernetesClusterContract {

    @RegisterExtension
    final MockApiServer mock = new MockApiServer();

    static final String NAMESPACE = "ml-dev";

    KubernetesMockServer server;
    KubernetesClient client;

    @Override
    protected KubernetesClient sidecarClient() {
        return client;
    }

    @Override
    protected String namespace() {
        return NAMESPACE;
    }

    @Override
    protected AutoCloseable startNode(PodRunner runner) {
        return new TestKubelet(client, server, NAMESPACE, runner, 1).start();
    }
}
