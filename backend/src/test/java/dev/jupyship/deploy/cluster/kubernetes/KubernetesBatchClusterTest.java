package dev.jupyship.deploy.cluster.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * The cluster contract on fabric8's mock API server in CRUD mode, with {@link TestKubelet} playing
 * the Job controller and the kubelet.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesBatchClusterTest extends KubernetesClusterContract {

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
