import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.GitFacts;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.cluster.kubernetes.JobTemplate;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesBatchCluster;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesSettings;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.server.SidecarServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * Deploy call to "job created" for a 5 MB notebook on each backend: the local runner with the local
 * store and, given the emulator's program, with the gcs store against fake-gcs-server; Kubernetes on
 * fabric8's mock API server (with the shaded jar's own Kubernetes client) with the local store and
 * with the gcs store; a deploy while the API server is away, with the sidecar's client settings. Then
 * GET /api/runs with 10,000 runs (local store).
 */
public class DeployBench {
    static void bigNotebook(Path ws) throws Exception {
        String big = "x".repeat(5 * 1024 * 1024);
        Files.writeString(ws.resolve("big.ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"id\": \"p\", \"execution_count\": null, "
                + "\"metadata\": {\"tags\": [\"parameters\"]}, \"outputs\": [], \"source\": \"n = 1\"}, {\"cell_type\": \"markdown\", \"id\": \"m\", "
                + "\"metadata\": {}, \"source\": \"" + big + "\"}], \"metadata\": {\"kernelspec\": {\"name\": \"python3\", \"display_name\": \"P\", "
                + "\"language\": \"python\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}");
    }

    static void deploys(String label, Deployer deployer) throws Exception {
        try (deployer) {
            for (int i = 0; i < 6; i++) {
                long t = System.nanoTime();
                RunManifest run = deployer.deploy(new DeployRequest("big.ipynb", null, Map.of("n", i), null, false, null));
                long ms = (System.nanoTime() - t) / 1_000_000;
                System.out.println((i == 0 ? "warm-up " : "") + label + ": deploy of a 5 MB notebook to job created (" + run.status().label() + "): " + ms + " ms");
                deployer.cancel(run.id());
            }
        }
    }

    static void deploys(String label, Path ws, DeployConfig config, PythonEnvironment python) throws Exception {
        bigNotebook(ws);
        deploys(label, Deployer.open(ws, config, python));
    }

    /** Kubernetes in CRUD mode, as @EnableKubernetesMockClient(crud = true) makes it: the Job is stored, listed and watched. */
    static void kubernetesDeploys(String label, Path ws, ArtifactStore store) throws Exception {
        bigNotebook(ws);
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        api.init();
        try (KubernetesClient client = api.createClient()) {
            deploys(label, new Deployer(ws, store, new KubernetesBatchCluster(client, new KubernetesSettings("ml-dev", null, null, null, null),
                    JobTemplate.load(null), store), DeployConfig.defaults(), Clock.systemUTC()));
        } finally {
            api.destroy();
        }
    }

    /**
     * A deploy while the API server is away (nothing listens at its address), with the sidecar's own
     * client settings: how soon the user hears so (fabric8's default retries took about 19 s; the aim
     * is a few seconds).
     */
    static void kubernetesAway(Path ws, ArtifactStore store) throws Exception {
        bigNotebook(ws);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Config config = KubernetesBatchCluster.answeringPromptly(new ConfigBuilder(Config.empty())
                .withMasterUrl("https://127.0.0.1:" + port).build());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
             Deployer deployer = new Deployer(ws, store, new KubernetesBatchCluster(client, new KubernetesSettings("ml-dev", null, null, null, null),
                     JobTemplate.load(null), store), DeployConfig.defaults(), Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                RunManifest run = deployer.deploy(new DeployRequest("big.ipynb", null, Map.of("n", i), null, false, null));
                long ms = (System.nanoTime() - t) / 1_000_000;
                System.out.println("kubernetes, API server away: the deploy answered in " + ms + " ms (" + run.status().label()
                        + (run.failure() == null ? "" : ": " + run.failure().summary()) + ")");
            }
        }
    }

    /** fake-gcs-server on a loopback port, in memory, with the bench's bucket. */
    static Process startEmulator(Path program, String endpoint) throws Exception {
        Process process = new ProcessBuilder(program.toString(), "-scheme", "http", "-host", "127.0.0.1", "-port", endpoint.replaceAll(".*:", ""),
                "-external-url", endpoint, "-backend", "memory", "-log-level", "error").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; ; i++) {
            try {
                HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/storage/v1/b?project=bench"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bench\"}")).build(), HttpResponse.BodyHandlers.ofString());
                if (made.statusCode() == 200) {
                    return process;
                }
                throw new IllegalStateException("the emulator refused the bucket: " + made.body());
            } catch (java.io.IOException notYet) {
                if (i > 200 || !process.isAlive()) {
                    process.destroy();
                    throw new IllegalStateException("the emulator did not start on " + endpoint, notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path venv = Path.of(args[0]);
        PythonEnvironment python = PythonEnvironment.ofVenv(venv);
        deploys("local runner, local store", Files.createTempDirectory("deploy-bench"), DeployConfig.defaults(), python);
        Path kws = Files.createTempDirectory("deploy-bench-k8s");
        kubernetesDeploys("kubernetes (mock API server), local store", kws, new LocalArtifactStore(kws.resolve(".jupyship")));
        Path away = Files.createTempDirectory("deploy-bench-k8s-away");
        kubernetesAway(away, new LocalArtifactStore(away.resolve(".jupyship")));
        if (args.length > 1) {
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            String endpoint = "http://127.0.0.1:" + port;
            Process emulator = startEmulator(Path.of(args[1]), endpoint);
            try {
                Path ws = Files.createTempDirectory("deploy-bench-gcs");
                DeployConfig gcs = DeployConfig.load(ws, Map.of("JUPYSHIP_STORE", "gcs", "JUPYSHIP_STORE_BUCKET", "bench",
                        "JUPYSHIP_STORE_PREFIX", "team-a", "JUPYSHIP_STORE_ENDPOINT", endpoint));
                deploys("local runner, gcs store (fake-gcs-server on loopback)", ws, gcs, python);
                kubernetesDeploys("kubernetes (mock API server), gcs store (fake-gcs-server)", Files.createTempDirectory("deploy-bench-k8s-gcs"),
                        new GcsArtifactStore("bench", "team-k8s", endpoint));
            } finally {
                emulator.destroy();
                emulator.waitFor();
            }
        }
        Path ws2 = Files.createTempDirectory("runs-bench");
        LocalArtifactStore store = new LocalArtifactStore(ws2.resolve(".jupyship"));
        Instant now = Instant.now();
        for (int i = 0; i < 10_000; i++) {
            Instant at = now.minusSeconds(i);
            RunManifest run = new RunManifest(RunLayout.newId(at), "p", "nb" + (i % 20) + ".ipynb", null, GitFacts.NONE, Map.of("i", i),
                    "img", "dev", "local", RunStatus.SUCCEEDED, at, at, at, null, Map.of("accuracy", 0.9), null, null, null, null, null, null, null);
            store.put(run.prefix() + RunLayout.MANIFEST, RunHistory.JSON.writeValueAsBytes(run));
        }
        long t = System.nanoTime();
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(ws2, "127.0.0.1", 0, 1 << 20, null).withVenv(venv))) {
            System.out.println("sidecar start over 10,000 runs written in the layout before the run index (indexed once, at this first open): " + (System.nanoTime() - t) / 1_000_000 + " ms");
            HttpClient http = HttpClient.newHttpClient();
            for (String query : new String[] {"?limit=1000", "?notebook=nb3.ipynb", ""}) {
                int n = 20;
                long bytes = 0;
                long s = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    bytes = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/runs" + query)).build(),
                            HttpResponse.BodyHandlers.ofString()).body().length();
                }
                double each = (System.nanoTime() - s) / 1e6 / n;
                System.out.printf("GET /api/runs%s with 10,000 runs: %.1f ms per request (%.0f/s), %d KB%n", query, each, 1000 / each, bytes / 1024);
            }
        }
    }
}
