package dev.jupyship.deploy.cluster.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;

/**
 * How a test kubelet runs a pod's notebook container: as a local process now
 * ({@link LocalPodRunner}); the image with Docker is another implementation of the same two methods.
 */
public interface PodRunner {

    /** Starts the pod's {@value KubernetesNames#CONTAINER} container. */
    Container start(Pod pod) throws IOException;

    /** A started container. */
    interface Container {

        /** Blocks until the container exits, killing it after {@code seconds}; answers its exit status, or null when it was killed. */
        Integer await(long seconds) throws InterruptedException;

        /** Kills it and what it started (a deleted pod, a passed deadline). */
        void kill();

        /** What it has written so far, stdout and stderr together: the pod's log. */
        String log();
    }
}
