package dev.jupyship.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jupyship.deploy.cluster.kubernetes.KubernetesBatchCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kubernetes control plane for one test class: etcd, kube-apiserver (token authentication,
 * RBAC, service-account keys, a self-signed serving certificate) and kube-controller-manager (the
 * job, cronjob, ttl-after-finished, garbage-collector, namespace and service-account controllers, and for
 * serving's Deployment the deployment, replicaset and disruption controllers),
 * all on free loopback ports with their data in a temporary folder, built by scripts/setup-kube,
 * which the test command runs and names in {@code $JUPYSHIP_KUBE_BIN}:
 * <pre>
 * &#64;RegisterExtension
 * static final KubeControlPlane KUBE = new KubeControlPlane();
 * </pre>
 * Before the first test it applies the project's own manifests as a platform engineer does
 * ({@code kubectl apply -k image/k8s/}: the namespace and resources of kustomization.yaml; and
 * notebook-serviceaccount.yaml in the hub's namespace; both namespaces enforce the restricted Pod
 * Security Standard), and gives the sidecar a client whose only
 * identity is the RoleBinding's subject, with a token from the TokenRequest API. There is no kubelet
 * and no scheduler: pods stay Pending until a test binds them and writes their status. After the
 * last test (or a failed start) every process it started is stopped and the folder deleted.
 * Without {@code $JUPYSHIP_KUBE_BIN} the class is skipped, as {@link GcsEmulator} skips.
 */
public final class KubeControlPlane implements BeforeAllCallback, AfterAllCallback {

    /** The hub's namespace, where the RoleBinding's subject (the notebook pods' service account) lives. */
    public static final String HUB_NAMESPACE = "jhub";
    public static final String SIDECAR_ACCOUNT = "jupyship-notebook";
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final String CONTROLLERS = "job-controller,cronjob-controller,ttl-after-finished-controller,garbage-collector-controller,"
            + "namespace-controller,serviceaccount-controller,serviceaccount-token-controller,"
            // serving's Deployment: its ReplicaSet, its pods, and the budget's count of them
            + "deployment-controller,replicaset-controller,disruption-controller";
    private static final char[] KUBELET_PASSWORD = "kubelet-test".toCharArray();
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final List<Process> processes = new ArrayList<>();
    private final Thread reaper = new Thread(this::stopAll, "kube-control-plane-reaper");
    private Path bin;
    private Path folder;
    private String adminToken;
    private String etcd;
    private int apiPort;
    private Process apiServer;
    private String namespace;
    private KubernetesClient admin;
    private KubernetesClient sidecar;
    private Duration startTime;

    /**
     * The folder of etcd, kube-apiserver and kube-controller-manager; skips the test when the test
     * command did not provide it. When the test command is still building them in the background
     * ({@code $JUPYSHIP_KUBE_BUILD_STATUS} names the file its exit status will be in), waits for the
     * build, and fails with its log when it failed.
     */
    public static Path bin() throws IOException, InterruptedException {
        String configured = System.getenv("JUPYSHIP_KUBE_BIN");
        assumeTrue(configured != null && !configured.isBlank(),
                "no Kubernetes control plane: JUPYSHIP_KUBE_BIN is unset (scripts/test sets it from scripts/setup-kube)");
        String status = System.getenv("JUPYSHIP_KUBE_BUILD_STATUS");
        if (status != null && !status.isBlank()) {
            awaitBuild(Path.of(status), System.getenv("JUPYSHIP_KUBE_BUILD_LOG"));
        }
        Path folder = Path.of(configured);
        for (String program : List.of("etcd", "kube-apiserver", "kube-controller-manager")) {
            assumeTrue(Files.isExecutable(folder.resolve(program)), "JUPYSHIP_KUBE_BIN names " + folder + ", which has no " + program);
        }
        return folder;
    }

    private static final Duration BUILD_LIMIT = Duration.ofMinutes(50);

    private static void awaitBuild(Path status, String log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BUILD_LIMIT.toNanos();
        while (!Files.exists(status)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the control plane's build did not end within " + BUILD_LIMIT.toMinutes() + " minutes; its log: " + log);
            }
            Thread.sleep(2000);
        }
        String code = Files.readString(status).strip();
        if (!code.equals("0")) {
            String output = log == null ? "" : Files.readString(Path.of(log));
            throw new IllegalStateException("scripts/setup-kube failed (exit " + code + "):\n" + output.substring(Math.max(0, output.length() - 4000)));
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        bin = bin();
        long start = System.nanoTime();
        folder = Files.createTempDirectory("kube-control-plane");
        // A JVM stopped before afterAll (an interrupted build) must not leave servers behind.
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            start();
        } catch (Exception | Error e) {
            afterAll(context);
            throw e;
        }
        startTime = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("[kube] control plane up and manifests applied in " + startTime.toMillis() + " ms");
    }

    private void start() throws Exception {
        writeServiceAccountKeys();
        writeKubeletCertificate();
        adminToken = UUID.randomUUID().toString();
        Files.writeString(folder.resolve("tokens.csv"), adminToken + ",admin,admin,system:masters\n");
        // etcd's client and peer ports, and the API server's, are picked free: each is the server's once its own process listens on it.
        ServerOnPorts.onFreePorts(bin.resolve("etcd").toString(), 2, log("etcd"), START_LIMIT, ports -> {
            etcd = "http://127.0.0.1:" + ports.get(0);
            return launch("etcd", List.of(bin.resolve("etcd").toString(), "--data-dir", folder.resolve("etcd").toString(),
                    "--listen-client-urls", etcd, "--advertise-client-urls", etcd,
                    "--listen-peer-urls", "http://127.0.0.1:" + ports.get(1), "--log-level", "warn"));
        }, ports -> answers(etcd + "/health", null), this::discard);
        apiServer = ServerOnPorts.onFreePorts(bin.resolve("kube-apiserver").toString(), 1, log("kube-apiserver"), START_LIMIT,
                this::launchApiServer, ports -> answers(url() + "readyz", adminToken), this::discard).process();
        admin = client(adminToken);
        writeKubeconfig();
        launch("kube-controller-manager", List.of(bin.resolve("kube-controller-manager").toString(),
                "--kubeconfig", folder.resolve("kubeconfig").toString(), "--controllers", CONTROLLERS,
                "--service-account-private-key-file", folder.resolve("sa.key").toString(),
                "--bind-address", "127.0.0.1", "--secure-port", "0", "--leader-elect=false"));
        applyManifests();
        // The service-account controller gives each namespace its "default" account: the controllers run.
        await("kube-controller-manager", () -> admin.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
        String token = admin.serviceAccounts().inNamespace(HUB_NAMESPACE).withName(SIDECAR_ACCOUNT)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        // With the settings the sidecar's own client has (KubernetesBatchCluster.connect), so the tests see its timings.
        sidecar = new KubernetesClientBuilder().withConfig(KubernetesBatchCluster.answeringPromptly(config(token))).build();
    }

    /**
     * Stops the API server and starts it again on the same port and store, as a control-plane upgrade
     * does: the clients already made keep its address.
     */
    public void restartApiServer() throws IOException, InterruptedException {
        stopApiServer();
        startApiServer();
    }

    /** Stops the API server (etcd and the controllers stay); {@link #startApiServer} brings it back. */
    public void stopApiServer() {
        discard(apiServer);
    }

    /**
     * Starts the API server on its port and store; answers once it is ready. When another process
     * holds the port meanwhile, it tries again after a pause (its clients know only that port).
     */
    public void startApiServer() throws IOException, InterruptedException {
        apiServer = ServerOnPorts.onPorts(bin.resolve("kube-apiserver").toString(), List.of(apiPort), log("kube-apiserver"), START_LIMIT,
                this::launchApiServer, ports -> answers(url() + "readyz", adminToken), this::discard).process();
    }

    private Process launchApiServer(List<Integer> ports) throws IOException {
        apiPort = ports.get(0);
        return launch("kube-apiserver", List.of(bin.resolve("kube-apiserver").toString(), "--etcd-servers", etcd,
                "--bind-address", "127.0.0.1", "--secure-port", String.valueOf(apiPort), "--cert-dir", folder.resolve("certs").toString(),
                "--token-auth-file", folder.resolve("tokens.csv").toString(), "--authorization-mode", "RBAC",
                "--service-account-key-file", folder.resolve("sa.pub").toString(),
                "--service-account-signing-key-file", folder.resolve("sa.key").toString(),
                "--service-account-issuer", "https://kubernetes.default.svc", "--service-cluster-ip-range", "10.96.0.0/16",
                // A test node agent serves pod logs on loopback as a kubelet does, with a certificate the server trusts.
                "--kubelet-preferred-address-types", "InternalIP",
                "--kubelet-certificate-authority", folder.resolve("kubelet.crt").toString()));
    }

    /** The client of the set-up user (system:masters), which plays the kubelet and the platform engineer. */
    public KubernetesClient admin() {
        return admin;
    }

    /** A client whose only identity is the RoleBinding's subject: what the sidecar in a notebook pod has. */
    public KubernetesClient sidecar() {
        return sidecar;
    }

    /** The dev namespace kustomization.yaml names. */
    public String namespace() {
        return namespace;
    }

    public String sidecarUser() {
        return "system:serviceaccount:" + HUB_NAMESPACE + ":" + SIDECAR_ACCOUNT;
    }

    /** The time from nothing to a control plane with the manifests applied. */
    public Duration startTime() {
        return startTime;
    }

    public Path folder() {
        return folder;
    }

    private String url() {
        return "https://127.0.0.1:" + apiPort + "/";
    }

    private KubernetesClient client(String token) {
        return new KubernetesClientBuilder().withConfig(config(token)).build();
    }

    private Config config(String token) {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url()).withOauthToken(token)
                .withCaCertFile(folder.resolve("certs/apiserver.crt").toString()).withRequestTimeout(30_000).build();
    }

    /**
     * {@code kubectl apply -k image/k8s/}: each resource file of kustomization.yaml in its namespace
     * (made first, as the README's install does), then the notebook pods' service account in the hub's.
     */
    @SuppressWarnings("unchecked")
    private void applyManifests() throws IOException {
        Path manifests = Corpus.repository().resolve("image/k8s");
        Map<String, Object> kustomization = YAML.unmarshal(Files.readString(manifests.resolve("kustomization.yaml")), Map.class);
        namespace = (String) kustomization.get("namespace");
        for (String name : List.of(namespace, HUB_NAMESPACE)) {
            // The strictest Pod Security Standard, enforced as on a hardened cluster: the Job controller can make our pods only if
            // the templates comply (the API server's PodSecurity admission refuses the pod otherwise, and the run would never start).
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build()).create();
        }
        for (String resource : (List<String>) kustomization.get("resources")) {
            apply(manifests.resolve(resource), namespace);
        }
        apply(manifests.resolve("notebook-serviceaccount.yaml"), HUB_NAMESPACE);
    }

    private void apply(Path file, String into) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            for (HasMetadata resource : admin.load(in).items()) {
                admin.resource(resource).inNamespace(into).create();
            }
        }
    }

    private void writeServiceAccountKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Files.writeString(folder.resolve("sa.key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        Files.writeString(folder.resolve("sa.pub"), pem("PUBLIC KEY", keys.getPublic().getEncoded()));
    }

    /** The serving certificate of a test kubelet (PKCS12, for Java's HTTPS server), and the same certificate as the API server's CA for it. */
    private void writeKubeletCertificate() throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String store = folder.resolve("kubelet.p12").toString();
        String password = new String(KUBELET_PASSWORD);
        run(List.of(keytool, "-genkeypair", "-alias", "kubelet", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store, "-storepass", password,
                "-keypass", password));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "kubelet", "-keystore", store, "-storepass", password,
                "-file", folder.resolve("kubelet.crt").toString()));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command.subList(0, 2)) + " failed: " + output);
        }
    }

    /** For a test kubelet's log server: the key store and its password. */
    public Path kubeletKeyStore() {
        return folder.resolve("kubelet.p12");
    }

    public char[] kubeletKeyStorePassword() {
        return KUBELET_PASSWORD.clone();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private void writeKubeconfig() throws IOException {
        Files.writeString(folder.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: "%s", certificate-authority: "%s"}
                users:
                - name: admin
                  user: {token: "%s"}
                contexts:
                - name: test
                  context: {cluster: test, user: admin}
                current-context: test
                """.formatted(url(), folder.resolve("certs/apiserver.crt"), adminToken));
    }

    private Process launch(String name, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile())).start();
        processes.add(process);
        return process;
    }

    private Path log(String name) {
        return folder.resolve(name + ".log");
    }

    /** Stops a start that failed: it is no longer one of the servers. */
    private synchronized void discard(Process process) {
        ServerOnPorts.stop(process);
        processes.remove(process);
    }

    /** Waits until the check holds, or fails with the end of the server's log when it exits or takes too long. */
    private void await(String name, BooleanSupplier ready) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (processes.stream().anyMatch(p -> !p.isAlive())) {
                break;
            }
            try {
                if (ready.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // connection refused, or an object not made yet
            }
            Thread.sleep(100);
        }
        Path log = log(name);
        String text = Files.exists(log) ? Files.readString(log) : "";
        throw new IllegalStateException(name + " did not become ready within " + START_LIMIT.toSeconds() + " s (" + bin + "); the end of its log:\n"
                + text.substring(Math.max(0, text.length() - 4000)));
    }

    /** True when the URL answers 200; TLS unchecked: the certificate is the one the server just made. */
    private static boolean answers(String url, String token) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new TrustEveryone()}, new SecureRandom());
            HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | java.security.GeneralSecurityException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class TrustEveryone implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (KubernetesClient client : new KubernetesClient[] {sidecar, admin}) {
            if (client != null) {
                client.close();
            }
        }
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, or ran, already
        }
        if (folder != null && Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** The controllers first, etcd last: each server stops while what it talks to is still up. */
    private synchronized void stopAll() {
        List<Process> started = new ArrayList<>(processes);
        java.util.Collections.reverse(started);
        for (Process process : started) {
            ServerOnPorts.stop(process);
        }
        processes.clear();
    }
}
