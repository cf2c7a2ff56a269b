package dev.jupyship.deploy.cluster.kubernetes;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The scheduler and kubelet of one node, for a real API server that has neither: it registers the
 * Node, binds the namespace's new pods to it ({@code pods/binding}, as the scheduler does) while it
 * has room for them (the others get the scheduler's Unschedulable condition), runs each bound pod's
 * notebook container with a {@link PodRunner}, and reports through {@code pods/status} as a kubelet
 * does: Running with the container running, then Succeeded or Failed with the container terminated
 * and its exit code. A pod being deleted (a cancelled Job, a passed deadline) has its container
 * killed and its deletion finished, as a kubelet confirms it. Pod logs are served at the node's
 * address on the kubelet's path ({@code /containerLogs/NS/POD/CONTAINER}), where the API server
 * fetches them for {@code pods/log}, over TLS with the certificate the API server trusts.
 *
 * <p>What a kubelet reports that a local process cannot show (OOMKilled, eviction, an image that
 * cannot be pulled) a test reports with {@link #report}, {@link #evict} and {@link #terminate},
 * with the kubelet's own reasons; a {@code runner} of null leaves every bound pod to the test.
 */
public final class NodeAgent implements AutoCloseable {

    public static final String NODE = "jupyship-test-node";
    private static final Duration STATUS_RETRY = Duration.ofSeconds(60);

    private final KubernetesClient admin;
    private final String namespace;
    private final PodRunner runner;
    private final int capacity;
    private final Set<String> pending = new LinkedHashSet<>();
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    private final Map<String, PodRunner.Container> running = new ConcurrentHashMap<>();
    private final Map<String, PodRunner.Container> logs = new ConcurrentHashMap<>();
    /** Held while a container starts, and by close, which then lets none start. */
    private final Object starting = new Object();
    private boolean closed;
    private HttpsServer logServer;
    private SharedIndexInformer<Pod> pods;

    /**
     * @param admin    a client allowed what a scheduler and a kubelet do
     * @param runner   runs the bound pods' containers; null to leave them Pending for the test
     * @param capacity how many pods the node runs at once
     */
    public NodeAgent(KubernetesClient admin, String namespace, PodRunner runner, int capacity) {
        this.admin = admin;
        this.namespace = namespace;
        this.runner = runner;
        this.capacity = capacity;
    }

    /** Serves logs with {@code keyStore} (PKCS12; the API server's --kubelet-certificate-authority trusts it), registers the node, follows pods. */
    public NodeAgent start(Path keyStore, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        logServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        logServer.setHttpsConfigurator(new HttpsConfigurator(tls));
        logServer.createContext("/containerLogs/", exchange -> {
            String[] path = exchange.getRequestURI().getPath().split("/"); // "", containerLogs, NS, POD, CONTAINER
            PodRunner.Container container = path.length == 5 ? logs.get(path[3]) : null;
            byte[] body = container == null ? ("no log for " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8)
                    : container.log().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(container == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        logServer.start();
        register();
        // An informer, not a watch: it lists again and resumes when the API server restarts, as a kubelet does.
        pods = admin.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                changed(false, pod);
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
                changed(false, pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                changed(true, pod);
            }
        });
        return this;
    }

    /** The Node, Ready, at loopback with the log server's port as its kubelet endpoint. */
    private void register() {
        String now = Instant.now().toString();
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
        admin.nodes().withName(NODE).editStatus(node -> new NodeBuilder(node).withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(logServer.getAddress().getPort()).endKubeletEndpoint().endDaemonEndpoints()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").withLastHeartbeatTime(now)
                .withLastTransitionTime(now).endCondition()
                .addToCapacity("cpu", new io.fabric8.kubernetes.api.model.Quantity(String.valueOf(capacity)))
                .addToCapacity("memory", new io.fabric8.kubernetes.api.model.Quantity(capacity * 2 + "Gi"))
                .addToCapacity("pods", new io.fabric8.kubernetes.api.model.Quantity("110"))
                .endStatus().build());
    }

    private synchronized void changed(boolean gone, Pod pod) {
        String name = pod.getMetadata().getName();
        if (gone) {
            pending.remove(name);
            stopContainer(name);
            bound.remove(name);
            schedule();
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            pending.remove(name);
            if (bound.contains(name)) {
                deleted(pod);
            }
            schedule();
            return;
        }
        if (pod.getSpec().getNodeName() == null && !bound.contains(name) && pending.add(name)) {
            schedule();
        }
    }

    /** Binds pending pods while the node has room; the others get the scheduler's Unschedulable condition. */
    private synchronized void schedule() {
        for (String name : new ArrayList<>(pending)) {
            if (runner != null && running.size() >= capacity) {
                editStatus(name, pod -> pod.getStatus().setConditions(List.of(new PodConditionBuilder().withType("PodScheduled")
                        .withStatus("False").withReason("Unschedulable").withMessage("0/1 nodes are available: 1 Insufficient cpu.")
                        .withLastTransitionTime(Instant.now().toString()).build())));
                return;
            }
            pending.remove(name);
            Pod pod = admin.pods().inNamespace(namespace).withName(name).get();
            if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            bind(name);
            bound.add(name);
            if (runner != null) {
                run(pod);
            }
        }
    }

    /** POST pods/NAME/binding, as the scheduler does: only the API server sets spec.nodeName. */
    private void bind(String pod) {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"" + pod + "\"},"
                + "\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"" + NODE + "\"}}";
        var http = admin.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(admin.getMasterUrl() + "api/v1/namespaces/" + namespace + "/pods/" + pod + "/binding")
                .post("application/json", body).build();
        try {
            HttpResponse<String> answer = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
            if (answer.code() != 201) {
                throw new IllegalStateException("binding pod " + pod + " answered " + answer.code() + ": " + answer.body());
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not bind pod " + pod + ": " + e.getMessage(), e);
        }
        String now = Instant.now().toString();
        editStatus(pod, p -> p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime(now).build())));
    }

    private void run(Pod pod) {
        String name = pod.getMetadata().getName();
        PodRunner.Container container;
        synchronized (starting) {
            if (closed) {
                return; // a node shutting down starts nothing: its test's folders are about to go
            }
            try {
                container = runner.start(pod);
            } catch (IOException e) {
                report(name, "Pending", new ContainerStateBuilder().withNewWaiting().withReason("CreateContainerError")
                        .withMessage(e.getMessage()).endWaiting().build());
                return;
            }
            running.put(name, container);
            logs.put(name, container);
        }
        report(name, "Running", new ContainerStateBuilder().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().build());
        Thread waiter = new Thread(() -> {
            try {
                Integer exit = container.await(TimeUnit.DAYS.toSeconds(1));
                if (running.remove(name) != null && exit != null) {
                    terminate(name, exit, exit == 0 ? "Completed" : "Error");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (KubernetesClientException goneMeanwhile) {
                // the pod was deleted while its container ended
            }
            synchronized (this) {
                schedule();
            }
        }, "node-agent-" + name);
        waiter.setDaemon(true);
        waiter.start();
    }

    /** A pod being deleted: its container killed, then the deletion finished, as a kubelet confirms it. */
    private void deleted(Pod pod) {
        String name = pod.getMetadata().getName();
        if (stopContainer(name)) {
            try {
                terminate(name, 137, "Error");
            } catch (KubernetesClientException goneMeanwhile) {
                // already gone
            }
        }
        bound.remove(name);
        admin.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
    }

    private boolean stopContainer(String name) {
        PodRunner.Container container = running.remove(name);
        if (container != null) {
            container.kill();
        }
        return container != null;
    }

    /** The pod's phase and its notebook container's state, as a kubelet writes them (pods/status). */
    public void report(String pod, String phase, ContainerState state) {
        String now = Instant.now().toString();
        editStatus(pod, p -> {
            p.getStatus().setPhase(phase);
            if (p.getStatus().getStartTime() == null) {
                p.getStatus().setStartTime(now);
            }
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(KubernetesNames.CONTAINER)
                    .withImage(p.getSpec().getContainers().get(0).getImage()).withImageID("").withContainerID("")
                    .withState(state).withReady(state.getRunning() != null).withStarted(state.getRunning() != null)
                    .withRestartCount(0).build()));
        });
    }

    /** The container ended: Succeeded on exit 0, else Failed; {@code reason} is the kubelet's (Completed, Error, OOMKilled). */
    public void terminate(String pod, int exitCode, String reason) {
        report(pod, exitCode == 0 ? "Succeeded" : "Failed", new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                .withReason(reason).withStartedAt(Instant.now().toString()).withFinishedAt(Instant.now().toString()).endTerminated().build());
    }

    /** The kubelet's eviction under node pressure: the pod Failed, reason Evicted, with a DisruptionTarget condition. */
    public void evict(String pod, String message) {
        stopContainer(pod);
        String now = Instant.now().toString();
        editStatus(pod, p -> {
            p.getStatus().setPhase("Failed");
            p.getStatus().setReason("Evicted");
            p.getStatus().setMessage(message);
            List<PodCondition> conditions = new ArrayList<>(p.getStatus().getConditions() == null ? List.of() : p.getStatus().getConditions());
            conditions.add(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True").withReason("TerminationByKubelet")
                    .withMessage(message).withLastTransitionTime(now).build());
            p.getStatus().setConditions(conditions);
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(KubernetesNames.CONTAINER)
                    .withImage(p.getSpec().getContainers().get(0).getImage()).withImageID("").withContainerID("")
                    .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(137).withReason("Error")
                            .withFinishedAt(now).endTerminated().build()).withReady(false).withRestartCount(0).build()));
        });
    }

    /** The name of the Job's pod once the Job controller has made it (and this agent bound it, when it binds). */
    public String podOf(String job, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (Pod pod : admin.pods().inNamespace(namespace).withLabel(KubernetesNames.JOB_NAME, job).list().getItems()) {
                if (bound.contains(pod.getMetadata().getName())) {
                    return pod.getMetadata().getName();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the Job controller made no pod for Job " + job + " within " + timeoutMillis + " ms");
    }

    private void editStatus(String pod, Consumer<Pod> change) {
        long deadline = System.nanoTime() + STATUS_RETRY.toNanos();
        while (true) {
            try {
                admin.pods().inNamespace(namespace).withName(pod).editStatus(p -> {
                    Pod copy = new PodBuilder(p).build();
                    change.accept(copy);
                    return copy;
                });
                return;
            } catch (KubernetesClientException e) {
                // A kubelet keeps reporting while the API server is away (a restart); a deleted pod is final.
                if (e.getCode() == 404 || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stops watching, then kills every container it started and waits for each to exit, so that no
     * process of a pod still writes in the test's folders when JUnit deletes them.
     */
    @Override
    public void close() {
        synchronized (starting) {
            closed = true;
        }
        if (pods != null) {
            pods.close();
        }
        running.clear();
        logs.values().forEach(PodRunner.Container::kill);
        for (PodRunner.Container container : logs.values()) {
            try {
                container.await(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (logServer != null) {
            logServer.stop(0);
        }
        try {
            admin.nodes().withName(NODE).delete();
        } catch (KubernetesClientException e) {
            // the control plane is going away too
        }
    }
}
