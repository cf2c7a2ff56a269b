package dev.jupyship.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.errors.NotFound;
import dev.jupyship.json.Jsons;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.testing.CliRun;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.PythonEnv;
import dev.jupyship.testing.SidecarHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jupyship compare} and its API on two real runs of examples/churn_retraining.ipynb, trained on
 * different data (a clean snapshot, then a noisy and drifted one): the figures are checked against
 * the predictions the report carries, computed again here; and bad input, and a model that cannot
 * load, are refused with messages that name the problem.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelComparisonIT {

    private static final String NOTEBOOK = "churn_retraining.ipynb";

    @TempDir
    static Path workspace;

    private RunManifest clean;
    private RunManifest noisy;
    private Path holdout;
    private List<Integer> labels;

    @BeforeAll
    void twoRunsOnDifferentData() throws Exception {
        Files.copy(Corpus.repository().resolve("examples").resolve(NOTEBOOK), workspace.resolve(NOTEBOOK));
        try (Deployer deployer = Deployer.open(workspace, DeployConfig.load(workspace, Map.of()), PythonEnvironment.ofVenv(PythonEnv.root()))) {
            snapshot("2026-12-01");
            clean = trained(deployer);
            snapshot("2026-12-02", "--noise", "0.25", "--drift", "1");
            noisy = trained(deployer);
        }
        // the clean snapshot's first 150 customers, with whether they churned
        List<String> lines = Files.readAllLines(workspace.resolve(".jupyship/datasets/churn/snapshots/2026-12-01/train.csv"));
        holdout = Files.write(workspace.resolve("holdout.csv"), lines.subList(0, 151));
        int churned = List.of(lines.get(0).split(",")).indexOf("churned");
        labels = new ArrayList<>();
        for (String line : lines.subList(1, 151)) {
            labels.add(Integer.parseInt(line.split(",")[churned]));
        }
    }

    private void snapshot(String version, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(PythonEnv.program("python").toString(),
                Corpus.repository().resolve("examples/churn_snapshots.py").toString(), workspace.resolve(".jupyship").toString(), version));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
    }

    private static RunManifest trained(Deployer deployer) throws Exception {
        RunManifest run = deployer.deploy(new DeployRequest(NOTEBOOK, null, Map.of(), null, false, null, null));
        RunManifest ended = deployer.await(run.id(), HangGuard.LIMIT);
        assertEquals(RunStatus.SUCCEEDED, ended.status(), () -> ended.id() + ": " + ended.failure());
        return ended;
    }

    private JsonNode compare(String a, String b, Path input, List<Object> rows, String label) throws Exception {
        return ModelComparison.of(Deployer.history(workspace, DeployConfig.load(workspace, Map.of())), PythonEnvironment.ofVenv(PythonEnv.root()))
                .compare(new ModelComparison.Request(a, b, input, rows, label, null));
    }

    @Test
    void comparesTwoRunsOnLabelledRowsWithFiguresThatFollowFromTheirPredictions() throws Exception {
        JsonNode report = compare(clean.id(), noisy.id(), holdout, null, "churned");
        assertEquals(clean.id(), report.path("runs").get(0).path("run").asText());
        assertEquals(noisy.id(), report.path("runs").get(1).path("run").asText());
        assertEquals(clean.metrics().get("auc"), report.path("runs").get(0).path("run_metrics").path("auc").asDouble());
        assertEquals(150, report.path("rows").asInt());
        JsonNode predictions = report.path("predictions");
        assertEquals(150, predictions.size());
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        predictions.forEach(pair -> {
            a.add(pair.get(0).asDouble());
            b.add(pair.get(1).asDouble());
        });
        JsonNode summary = report.path("summary");
        assertEquals("numeric", summary.path("kind").asText());
        long agreeing = java.util.stream.IntStream.range(0, 150).filter(i -> Math.abs(a.get(i) - b.get(i)) <= 0.05).count();
        assertEquals(agreeing, summary.path("agreeing_rows").asLong());
        assertEquals(agreeing / 150.0, summary.path("agreement").asDouble(), 1e-12);
        assertTrue(agreeing < 150, "models trained on different data differ somewhere");
        double largest = java.util.stream.IntStream.range(0, 150).mapToDouble(i -> Math.abs(a.get(i) - b.get(i))).max().orElseThrow();
        assertEquals(largest, summary.path("max_abs_difference").asDouble(), 1e-12);
        JsonNode first = summary.path("largest_differences").get(0);
        assertEquals(largest, first.path("difference").asDouble(), 1e-12);
        assertTrue(first.path("input").has("tenure_months") && !first.path("input").has("churned"), "the row as the models got it");

        double aucA = auc(a, labels);
        double aucB = auc(b, labels);
        assertEquals(aucA, summary.path("metrics").get(0).path("auc").asDouble(), 1e-12);
        assertEquals(aucB, summary.path("metrics").get(1).path("auc").asDouble(), 1e-12);
        assertTrue(aucA > aucB, "on clean data the model trained on clean data ranks better: " + aucA + " vs " + aucB);

        // the CLI prints the same, for people
        CliRun cli = CliRun.of("compare", clean.id(), noisy.id(), "--input", holdout.toString(), "--label", "churned",
                "-w", workspace.toString(), "--venv", PythonEnv.root().toString());
        assertEquals(0, cli.code(), cli.err());
        assertTrue(cli.out().contains("150 rows of holdout.csv, label churned"), cli.out());
        assertTrue(cli.out().contains(String.format(java.util.Locale.ROOT, "agree: %.1f%% of rows (%d of 150) within 0.05",
                100.0 * agreeing / 150, agreeing)), cli.out());
        assertTrue(cli.out().contains("on these rows, A: auc "), cli.out());
    }

    @Test
    void rowsGivenInlineWithoutLabelsCompareToo() throws Exception {
        List<Object> rows = List.of(Map.of("tenure_months", 3, "monthly_charges", 95.0, "support_calls", 4, "plan", "basic"),
                Map.of("tenure_months", 60, "monthly_charges", 40.0, "support_calls", 0, "plan", "pro"));
        JsonNode report = compare(clean.id(), clean.id(), null, rows, null);
        assertEquals(1.0, report.path("summary").path("agreement").asDouble(), "a model agrees with itself");
        assertEquals(0, report.path("summary").path("largest_differences").size());
        assertTrue(report.path("summary").path("metrics").isMissingNode());
    }

    @Test
    void badInputAndModelsThatCannotAnswerAreRefusedByName() throws Exception {
        Path noPlan = Files.writeString(workspace.resolve("no-plan.csv"), "tenure_months,monthly_charges,support_calls\n3,95.0,4\n");
        BadInput missing = assertThrows(BadInput.class, () -> compare(clean.id(), noisy.id(), noPlan, null, null));
        assertEquals("no-plan.csv: no column 'plan', which the model of run " + clean.id()
                + " needs (its input: monthly_charges, plan, support_calls, tenure_months)", missing.getMessage());

        Path notANumber = Files.writeString(workspace.resolve("typo.csv"),
                "tenure_months,monthly_charges,support_calls,plan\n3,95.0,4,basic\nthree,40.0,0,pro\n");
        assertEquals("typo.csv line 3, column tenure_months: 'three' is not an int",
                assertThrows(BadInput.class, () -> compare(clean.id(), noisy.id(), notANumber, null, null)).getMessage());
        assertEquals("holdout.csv: no label column 'churn' (its columns: tenure_months, monthly_charges, support_calls, plan, churned)",
                assertThrows(BadInput.class, () -> compare(clean.id(), noisy.id(), holdout, null, "churn")).getMessage());
        assertTrue(assertThrows(NotFound.class, () -> compare(clean.id(), "20991231T000000Z-nosuch", holdout, null, null))
                .getMessage().startsWith("no run '20991231T000000Z-nosuch'"));
        CliRun cli = CliRun.of("compare", clean.id(), noisy.id(), "--input", noPlan.toString(), "-w", workspace.toString(),
                "--venv", PythonEnv.root().toString());
        assertEquals(1, cli.code());
        assertTrue(cli.err().contains("no-plan.csv: no column 'plan'") && !cli.err().contains("at dev."), cli.err());

        // the noisy run's model file replaced by something that is not a pickle
        Path copy = workspace.resolve("model-copy.pkl");
        Path model = workspace.resolve(".jupyship/" + noisy.prefix() + "artifacts/model.pkl");
        Files.copy(model, copy);
        try {
            Files.writeString(model, "not a pickle");
            Conflict broken = assertThrows(Conflict.class, () -> compare(clean.id(), noisy.id(), holdout, null, "churned"));
            assertTrue(broken.getMessage().startsWith("run " + noisy.id() + ": the model model.pkl could not be loaded: UnpicklingError"),
                    broken.getMessage());
        } finally {
            Files.copy(copy, model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void theApiComparesAFileOfTheWorkspaceAndKeepsToIt() throws Exception {
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 1 << 20, null)
                .withVenv(PythonEnv.root()))) {
            String runs = "\"runs\": [\"" + clean.id() + "\", \"" + noisy.id() + "\"]";
            HttpResponse<String> ok = SidecarHttp.send(server, "POST", "/api/compare", "{" + runs + ", \"input\": \"holdout.csv\", \"label\": \"churned\"}");
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode report = Jsons.MAPPER.readTree(ok.body());
            assertEquals(compare(clean.id(), noisy.id(), holdout, null, "churned").path("summary"), report.path("summary"));
            assertEquals(403, SidecarHttp.send(server, "POST", "/api/compare", "{" + runs + ", \"input\": \"../outside.csv\"}").statusCode());
            HttpResponse<String> absent = SidecarHttp.send(server, "POST", "/api/compare", "{" + runs + ", \"input\": \"nope.csv\"}");
            assertEquals(400, absent.statusCode());
            assertEquals("'nope.csv' is not a file in the workspace: give a CSV or JSON file of rows",
                    Jsons.MAPPER.readTree(absent.body()).path("error").asText());
            HttpResponse<String> one = SidecarHttp.send(server, "POST", "/api/compare", "{\"runs\": [\"" + clean.id() + "\"], \"rows\": [1]}");
            assertEquals(400, one.statusCode());
            assertEquals("'runs' must name two runs to compare", Jsons.MAPPER.readTree(one.body()).path("error").asText());
        }
    }

    /** The chance a churned customer scores above one who stayed, ties counting half: the Mann-Whitney form of the ROC area. */
    private static double auc(List<Double> scores, List<Integer> labels) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.size(); i++) {
            for (int j = 0; j < scores.size(); j++) {
                if (labels.get(i) == 1 && labels.get(j) == 0) {
                    pairs++;
                    wins += scores.get(i) > scores.get(j) ? 1 : scores.get(i).equals(scores.get(j)) ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }
}
