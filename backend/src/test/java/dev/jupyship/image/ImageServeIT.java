package dev.jupyship.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.json.Jsons;
import dev.jupyship.promotion.PromotionCompletion;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.testing.Container;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.PythonEnv;
import dev.jupyship.testing.RuntimeImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image in serve mode, as serving.yaml runs it (a read-only root filesystem, the store mounted
 * read-only, no network): the champion of a real run of the churn example, trained on the host, is
 * loaded by the image's own environment, answers on its port, and the image's health check passes.
 */
class ImageServeIT {

    @RegisterExtension
    static final RuntimeImage IMAGE = new RuntimeImage();

    private static final String NOTEBOOK = "churn_retraining.ipynb";
    private static final String PREDICT = """
            import json, sys, urllib.request
            request = urllib.request.Request("http://127.0.0.1:8080/predict", data=sys.argv[1].encode(), headers={"Content-Type": "application/json"})
            try:
                answer = urllib.request.urlopen(request, timeout=10)
                print(answer.status, answer.read().decode())
            except urllib.error.HTTPError as error:
                print(error.code, error.read().decode())
            """;

    @TempDir
    Path workspace;

    @Test
    void servesTheChampionTrainedOnTheHostFromAReadOnlyStore() throws Exception {
        Files.copy(Corpus.repository().resolve("examples").resolve(NOTEBOOK), workspace.resolve(NOTEBOOK));
        Process snapshot = new ProcessBuilder(PythonEnv.program("python").toString(), Corpus.repository().resolve("examples/churn_snapshots.py").toString(),
                workspace.resolve(".jupyship").toString(), "2026-12-01").redirectErrorStream(true).start();
        String out = new String(snapshot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, snapshot.waitFor(), out);
        RunManifest run;
        try (Deployer deployer = Deployer.open(workspace, DeployConfig.load(workspace, Map.of()), PythonEnvironment.ofVenv(PythonEnv.root()))) {
            PromotionCompletion.register(deployer);
            RunManifest started = deployer.deploy(new DeployRequest(NOTEBOOK, null, Map.of(), null, false, null, null));
            run = deployer.await(started.id(), HangGuard.LIMIT);
            assertEquals(RunStatus.SUCCEEDED, run.status(), () -> String.valueOf(started.failure()));
            assertEquals("promoted", run.promotion().decision().label());
        }
        Path store = workspace.resolve(".jupyship");

        Container serving = IMAGE.start(List.of("--network", "none", "--read-only", "--tmpfs", "/tmp", "--volume", store + ":/store:ro",
                        "--env", "JUPYSHIP_SERVE_PORT=8080"),
                "serve", NOTEBOOK, "--store", "/store", "--project", run.project(), "--model", "churn", "--port", "8080");
        serving.await(Duration.ofMinutes(2), "serving to be ready", c -> c.get("http://127.0.0.1:8080/readyz", "").status() == 200);
        JsonNode ready = Jsons.MAPPER.readTree(serving.get("http://127.0.0.1:8080/readyz", "").body());
        assertEquals(run.id(), ready.path("run").asText(), ready.toString());

        String answer = serving.exec("python3", "-c", PREDICT,
                "{\"rows\": [{\"tenure_months\": 3, \"monthly_charges\": 95.0, \"support_calls\": 4, \"plan\": \"basic\"},"
                        + " {\"tenure_months\": 60, \"monthly_charges\": 40.0, \"support_calls\": 0, \"plan\": \"pro\"}]}").ok();
        assertTrue(answer.startsWith("200 "), answer);
        JsonNode predictions = Jsons.MAPPER.readTree(answer.substring(4)).path("predictions");
        assertTrue(predictions.get(0).asDouble() > 0.5 && predictions.get(1).asDouble() < 0.5,
                "a new customer with many calls likely churns, a loyal one does not: " + predictions);
        String refused = serving.exec("python3", "-c", PREDICT, "{\"rows\": [{\"tenure_months\": 3}]}").ok();
        assertTrue(refused.startsWith("400 ") && refused.contains("missing columns"), refused);

        JsonNode metadata = Jsons.MAPPER.readTree(serving.get("http://127.0.0.1:8080/metadata", "").body());
        assertEquals(run.metrics().get("auc"), metadata.path("serving").path("metrics").path("auc").asDouble());
        assertEquals(0, serving.exec("/opt/jupyship/image/start", "health").code(), "the health check in serve mode");
        assertEquals("serve", serving.exec("cat", "/tmp/jupyship-mode").ok().strip());
        List<Container.Proc> processes = serving.processes();
        assertTrue(processes.stream().allMatch(p -> p.uid() == 1000), processes.toString());
    }
}
