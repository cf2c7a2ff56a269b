package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.deploy.RunLayout;
import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.BatchClusterContract;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.PythonEnv;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * The cluster contract on Kubernetes: fabric8's mock API server in CRUD mode, with {@link TestKubelet}
 * running each Job's container command for real ({@code image/start batch}, papermill), one at a
 * time, reading and writing a local artifact store through its {@code file:} locations.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesBatchClusterTest extends BatchClusterContract {

    static final String NAMESPACE = "ml-dev";

    KubernetesMockServer server;
    KubernetesClient client;
    private LocalArtifactStore store;
    private TestKubelet kubelet;

    @Override
    protected BatchCluster newCluster(Path folder) throws Exception {
        PythonEnv.program("papermill");
        store = new LocalArtifactStore(folder.resolve("store"));
        kubelet = new TestKubelet(client, server, NAMESPACE, Corpus.repository(), PythonEnv.root(), folder.resolve("nodes"), 1).start();
        return new KubernetesBatchCluster(client, new KubernetesSettings(NAMESPACE, null, null, null, null), JobTemplate.load(null), store);
    }

    @AfterEach
    void stopKubelet() {
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Override
    protected void stage(JobSpec spec) throws Exception {
        store.putFile(spec.storePrefix() + RunLayout.INPUT, spec.notebook());
    }

    @Override
    protected Path outputs(JobSpec spec, JobOutcome outcome) {
        return store.root().resolve(spec.storePrefix() + RunLayout.ARTIFACTS);
    }

    @Override
    protected Path executed(JobSpec spec, JobOutcome outcome) {
        return store.root().resolve(spec.storePrefix() + RunLayout.EXECUTED);
    }
}
