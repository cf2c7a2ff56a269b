package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.BatchClusterContract;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.PythonEnv;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * The cluster contract on Kubernetes, whichever API server answers: each Job's container runs for
 * real ({@code image/start batch}, papermill) as a local process ({@link LocalPodRunner}) or from the
 * runtime image ({@link DockerPodRunner}), one at a time, reading and writing a local artifact store through its {@code file:} locations. A subclass
 * names the sidecar's client and starts what plays the node.
 */
abstract class KubernetesClusterContract extends BatchClusterContract {

    private LocalArtifactStore store;
    private AutoCloseable node;
    private PodRunner runner;

    /** The client the sidecar has. */
    protected abstract KubernetesClient sidecarClient();

    protected abstract String namespace();

    /** Starts what runs the Jobs' pods, one at a time, with {@code runner}. */
    protected abstract AutoCloseable startNode(PodRunner runner) throws Exception;

    @Override
    protected BatchCluster newCluster(Path folder) throws Exception {
        PythonEnv.program("papermill");
        store = new LocalArtifactStore(folder.resolve("store"));
        runner = podRunner(folder, store.root());
        node = startNode(runner);
        return new KubernetesBatchCluster(sidecarClient(), new KubernetesSettings(namespace(), null, null, null, null), JobTemplate.load(null),
                store);
    }

    /** What runs the pods' containers: a local process, unless a subclass runs the image. */
    protected PodRunner podRunner(Path folder, Path storeRoot) {
        return new LocalPodRunner(Corpus.repository(), PythonEnv.root(), folder.resolve("nodes"));
    }

    @AfterEach
    void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
        if (runner instanceof AutoCloseable closeable) {
            closeable.close();
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
