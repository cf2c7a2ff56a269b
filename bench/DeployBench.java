import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunLayout;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.RunStatus;
import dev.jupyship.deploy.GitFacts;
import dev.jupyship.deploy.cluster.kubernetes.JobTemplate;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesBatchCluster;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesSettings;
import dev.jupyship.deploy.store.LocalArtifactStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.server.SidecarServer;
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
 * Deploy call to "job created" for a 5 MB notebook on each backend (the local runner; Kubernetes on
 * fabric8's mock API server, with the shaded jar's own Kubernetes client), and GET /api/runs with
 * 10,000 runs.
 */
public class DeployBench {
    public static void main(String[] args) throws Exception {
        Path venv = Path.of(args[0]);
        Path ws = Files.createTempDirectory("deploy-bench");
        String big = "x".repeat(5 * 1024 * 1024);
        Files.writeString(ws.resolve("big.ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"id\": \"p\", \"execution_count\": null, "
                + "\"metadata\": {\"tags\": [\"parameters\"]}, \"outputs\": [], \"source\": \"n = 1\"}, {\"cell_type\": \"markdown\", \"id\": \"m\", "
                + "\"metadata\": {}, \"source\": \"" + big + "\"}], \"metadata\": {\"kernelspec\": {\"name\": \"python3\", \"display_name\": \"P\", "
                + "\"language\": \"python\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        try (Deployer deployer = Deployer.open(ws, DeployConfig.defaults(), PythonEnvironment.ofVenv(venv))) {
            for (int i = 0; i < 6; i++) {
                long t = System.nanoTime();
                RunManifest run = deployer.deploy(new DeployRequest("big.ipynb", null, Map.of("n", i), null, false, null));
                long ms = (System.nanoTime() - t) / 1_000_000;
                System.out.println((i == 0 ? "warm-up " : "") + "local: deploy of a 5 MB notebook to job created (" + run.status().label() + "): " + ms + " ms");
                deployer.cancel(run.id());
            }
        }
        // CRUD mode, as @EnableKubernetesMockClient(crud = true) makes it: the Job is stored, listed and watched.
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        api.init();
        try (KubernetesClient client = api.createClient();
             Deployer deployer = new Deployer(ws, new LocalArtifactStore(ws.resolve(".jupyship")), new KubernetesBatchCluster(client,
                     new KubernetesSettings("ml-dev", null, null, null, null), JobTemplate.load(null), new LocalArtifactStore(ws.resolve(".jupyship"))),
                     DeployConfig.defaults(), Clock.systemUTC())) {
            for (int i = 0; i < 6; i++) {
                long t = System.nanoTime();
                RunManifest run = deployer.deploy(new DeployRequest("big.ipynb", null, Map.of("n", 100 + i), null, false, null));
                long ms = (System.nanoTime() - t) / 1_000_000;
                System.out.println((i == 0 ? "warm-up " : "") + "kubernetes (mock API server): deploy of a 5 MB notebook to Job created ("
                        + run.status().label() + "): " + ms + " ms");
                deployer.cancel(run.id());
            }
        } finally {
            api.destroy();
        }
        Path ws2 = Files.createTempDirectory("runs-bench");
        LocalArtifactStore store = new LocalArtifactStore(ws2.resolve(".jupyship"));
        Instant now = Instant.now();
        for (int i = 0; i < 10_000; i++) {
            Instant at = now.minusSeconds(i);
            RunManifest run = new RunManifest(RunLayout.newId(at), "p", "nb" + (i % 20) + ".ipynb", null, GitFacts.NONE, Map.of("i", i),
                    "img", "dev", "local", RunStatus.SUCCEEDED, at, at, at, null, Map.of("accuracy", 0.9), null, null, null, null, null, null);
            store.put(RunLayout.prefix(run) + RunLayout.MANIFEST, Deployer.JSON.writeValueAsBytes(run));
        }
        long t = System.nanoTime();
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(ws2, "127.0.0.1", 0, 1 << 20, null).withVenv(venv))) {
            System.out.println("sidecar start reading 10,000 manifests: " + (System.nanoTime() - t) / 1_000_000 + " ms");
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
