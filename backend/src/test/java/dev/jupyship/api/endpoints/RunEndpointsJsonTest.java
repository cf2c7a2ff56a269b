package dev.jupyship.api.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.contract.Contract;
import dev.jupyship.contract.ParameterType;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.json.Jsons;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deploy routes' records write the JSON the extension reads: these fields, in this order. */
class RunEndpointsJsonTest {

    private static String json(Object value) throws Exception {
        return Jsons.MAPPER.writeValueAsString(value);
    }

    @Test
    void aRunIsItsManifestThenItsLinks() throws Exception {
        RunManifest run = RunHistory.JSON.readValue("""
                {"id": "20261128T023000Z-ab12cd", "project": "p", "notebook": "train.ipynb",
                 "git": {"repository": "p", "commit": "abc", "branch": "main", "dirty": false, "author": "a <a@b>"},
                 "parameters": {"seed": 1}, "image": "local", "target": "dev", "cluster": "local", "status": "failed",
                 "createdAt": "2026-11-28T02:30:00.123Z", "finishedAt": "2026-11-28T02:31:00Z",
                 "failure": {"kind": "cell", "summary": "cell 3 failed", "cell": 3}}""", RunManifest.class);
        RunEndpoints.Links links = new RunEndpoints.Links("file:///in.ipynb", null, null, "file:///artifacts", "/api/runs/x/log");
        assertEquals("{\"id\":\"20261128T023000Z-ab12cd\",\"project\":\"p\",\"notebook\":\"train.ipynb\","
                + "\"git\":{\"repository\":\"p\",\"commit\":\"abc\",\"branch\":\"main\",\"dirty\":false,\"author\":\"a <a@b>\"},"
                + "\"parameters\":{\"seed\":1},\"image\":\"local\",\"target\":\"dev\",\"cluster\":\"local\",\"status\":\"failed\","
                + "\"createdAt\":\"2026-11-28T02:30:00.123Z\",\"finishedAt\":\"2026-11-28T02:31:00Z\","
                + "\"failure\":{\"kind\":\"cell\",\"summary\":\"cell 3 failed\",\"cell\":3},"
                + "\"links\":{\"input\":\"file:///in.ipynb\",\"artifacts\":\"file:///artifacts\",\"log\":\"/api/runs/x/log\"}}",
                json(new RunEndpoints.RunView(run, links)));
        // A row of the runs list says what ran with what: its parameters come last.
        assertEquals("{\"id\":\"20261128T023000Z-ab12cd\",\"notebook\":\"train.ipynb\",\"status\":\"failed\","
                + "\"createdAt\":\"2026-11-28T02:30:00.123Z\",\"finishedAt\":\"2026-11-28T02:31:00Z\",\"commit\":\"abc\","
                + "\"failure\":\"cell 3 failed\",\"metrics\":null,\"parameters\":{\"seed\":1}}",
                json(RunEndpoints.RunSummary.of(run)));
        // A run the gate decided on says so, after the parameters: the runs view's charts mark promotions.
        Promotion refused = new Promotion(Promotion.Decision.NOT_PROMOTED, List.of("auc 0.6 is below the champion's 0.86 minus the allowed 0.02"),
                "churn", "20261127T023000Z-cc34ef", Map.of("auc", new Promotion.MetricChange(0.6, 0.86, -0.26)), Instant.parse("2026-11-28T02:31:01Z"));
        assertEquals("{\"id\":\"20261128T023000Z-ab12cd\",\"notebook\":\"train.ipynb\",\"status\":\"failed\","
                + "\"createdAt\":\"2026-11-28T02:30:00.123Z\",\"finishedAt\":\"2026-11-28T02:31:00Z\",\"commit\":\"abc\","
                + "\"failure\":\"cell 3 failed\",\"metrics\":null,\"parameters\":{\"seed\":1},\"promotion\":{\"decision\":\"not-promoted\","
                + "\"reasons\":[\"auc 0.6 is below the champion's 0.86 minus the allowed 0.02\"],\"model\":\"churn\","
                + "\"champion\":\"20261127T023000Z-cc34ef\",\"changes\":{\"auc\":{\"value\":0.6,\"champion\":0.86,\"change\":-0.26}},"
                + "\"decidedAt\":\"2026-11-28T02:31:01Z\"}}",
                json(RunEndpoints.RunSummary.of(run.withPromotion(refused))));
    }

    @Test
    void aParameterSaysItsBoundsOnlyWhenTheContractDoes() throws Exception {
        Contract.Parameter plain = new Contract.Parameter("seed", ParameterType.INT, false, null, false, List.of(), null, null);
        assertEquals("{\"name\":\"seed\",\"type\":\"int\",\"required\":false}", json(RunEndpoints.GateParameter.of(plain)));
        // A null default is a default: the dialog shows it.
        Contract.Parameter all = new Contract.Parameter("kind", ParameterType.STR, true, null, true,
                Arrays.asList("a", null), 1, 9);
        assertEquals("{\"name\":\"kind\",\"type\":\"str\",\"required\":true,\"default\":null,\"allowed\":[\"a\",null],\"min\":1,\"max\":9}",
                json(RunEndpoints.GateParameter.of(all)));
    }

    @Test
    void aCheckIsTheVerdictThenTheTarget() throws Exception {
        RunEndpoints.GateVerdict verdict = new RunEndpoints.GateVerdict("nb.ipynb", true, 0, List.of(), List.of(), false, List.of());
        String fields = "\"file\":\"nb.ipynb\",\"passes\":true,\"blocking\":0,\"findings\":[],\"parameterProblems\":[],\"contract\":false,\"parameters\":[]";
        assertEquals("{" + fields + ",\"target\":\"dev\",\"cluster\":\"local\",\"image\":\"local\"}",
                json(new RunEndpoints.Check(verdict, "dev", "local", "local")));
        assertEquals("{\"error\":\"no\",\"status\":422," + fields + "}", json(new RunEndpoints.Refusal("no", 422, verdict)));
        assertEquals("{\"runs\":[],\"count\":0,\"total\":0}", json(new RunEndpoints.RunPage(List.of(), 0, 0, null)));
    }
}
