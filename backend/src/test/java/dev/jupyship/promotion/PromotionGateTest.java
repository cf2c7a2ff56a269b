package dev.jupyship.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jupyship.contract.Contract;
import dev.jupyship.contract.ContractReader;
import dev.jupyship.deploy.GitFacts;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.json.Jsons;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every reason the gate gives, and its decision without a champion or without a direction. */
class PromotionGateTest {

    static final String CONTRACT = """
            {'parameters': {'output_dir': {'type': 'str'}},
             'outputs': {'model': {'path': 'model.pkl'},
                         'metrics': {'keys': {'auc': {'min': 0.5, 'better': 'higher', 'max_regression': 0.02},
                                              'mae': {'max': 2.5, 'better': 'lower', 'max_regression': 0.1},
                                              'recall': {'better': 'higher'}, 'loss': {'better': 'lower'}, 'n_rows': {}}}}}""";
    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");

    static Contract contract(String json) throws Exception {
        return ContractReader.parse(Jsons.MAPPER.readValue(json.replace('\'', '"'), Map.class));
    }

    static RunManifest run(String id, Map<String, Object> metrics, List<String> artifacts) {
        Instant at = Instant.parse("2026-12-07T05:00:00Z");
        return new RunManifest(id, "p", "train.ipynb", null, GitFacts.NONE, Map.of(), "img", "dev", "local", RunStatus.SUCCEEDED, at, at, at,
                null, metrics, artifacts, null, null, null, null, null, null);
    }

    private static Champion champion(Map<String, Object> metrics) {
        return new Champion("20261201T000000Z-champn", "p", "train.ipynb", "model", metrics, ChampionEvent.Kind.PROMOTED, "gate", NOW, null);
    }

    private static final Map<String, Object> CHAMPION = Map.of("auc", 0.86, "mae", 2.0, "recall", 0.7, "loss", 0.3, "n_rows", 100);

    @Test
    void theFirstRunThatPassesBecomesChampion() throws Exception {
        Promotion decision = PromotionGate.decide(contract(CONTRACT), run("r1", Map.of("auc", 0.6, "mae", 2.4, "recall", 0.1, "loss", 9),
                List.of("model.pkl", "metrics.json")), null, NOW);
        assertEquals(Promotion.Decision.PROMOTED, decision.decision());
        assertEquals(List.of("no champion yet: the first run that passes becomes the champion"), decision.reasons());
        assertNull(decision.champion());
        assertEquals(new Promotion.MetricChange(0.6, null, null), decision.changes().get("auc"));
        assertEquals("model", decision.model());
    }

    @Test
    void eachMetricWorseThanTheChampionByMoreThanAllowedIsAReason() throws Exception {
        Promotion decision = PromotionGate.decide(contract(CONTRACT), run("r2", Map.of("auc", 0.81, "mae", 2.2, "recall", 0.69, "loss", 0.31),
                List.of("model.pkl")), champion(CHAMPION), NOW);
        assertEquals(Promotion.Decision.NOT_PROMOTED, decision.decision());
        assertEquals(List.of("auc 0.81 is below the champion's 0.86 minus the allowed 0.02",
                "mae 2.2 is above the champion's 2 plus the allowed 0.1",
                "recall 0.69 is below the champion's 0.7",
                "loss 0.31 is above the champion's 0.3"), decision.reasons());
        assertEquals("20261201T000000Z-champn", decision.champion());
        Promotion.MetricChange auc = decision.changes().get("auc");
        assertEquals(0.86, auc.champion());
        assertEquals(-0.05, auc.change(), 1e-9);
        assertEquals(List.of("auc", "mae", "recall", "loss"), List.copyOf(decision.changes().keySet()));
    }

    @Test
    void worseWithinTheAllowedChangeOrBetterIsPromoted() throws Exception {
        Promotion decision = PromotionGate.decide(contract(CONTRACT), run("r3", Map.of("auc", 0.84, "mae", 2.1, "recall", 0.7, "loss", 0.2),
                List.of("model.pkl")), champion(CHAMPION), NOW);
        assertEquals(Promotion.Decision.PROMOTED, decision.decision(), decision.reasons().toString());
        assertEquals(List.of("no metric is worse than the champion 20261201T000000Z-champn's by more than the contract allows"),
                decision.reasons());
    }

    @Test
    void aChampionWithoutAMetricIsNotComparedOnIt() throws Exception {
        Promotion decision = PromotionGate.decide(contract(CONTRACT), run("r4", Map.of("auc", 0.9, "mae", 1.0, "recall", 0.1, "loss", 0.1),
                List.of("model.pkl")), champion(Map.of("auc", 0.86, "mae", 2.0, "loss", 0.3)), NOW);
        assertEquals(Promotion.Decision.PROMOTED, decision.decision(), decision.reasons().toString());
        assertEquals(new Promotion.MetricChange(0.1, null, null), decision.changes().get("recall"));
    }

    @Test
    void aRunWithoutItsModelFileIsNotPromoted() throws Exception {
        Promotion decision = PromotionGate.decide(contract(CONTRACT), run("r5", Map.of("auc", 0.9, "mae", 1.0, "recall", 0.9, "loss", 0.1),
                List.of("metrics.json")), null, NOW);
        assertEquals(Promotion.Decision.NOT_PROMOTED, decision.decision());
        assertEquals(List.of("the model file model.pkl is not among the run's outputs"), decision.reasons());
    }

    @Test
    void aContractWithoutADirectionIsNeverPromotedAutomatically() throws Exception {
        Contract undirected = contract("""
                {'parameters': {'output_dir': {'type': 'str'}},
                 'outputs': {'model': {'path': 'model.pkl', 'name': 'ranker'}, 'metrics': {'keys': {'auc': {'min': 0.5}}}}}""");
        Promotion decision = PromotionGate.decide(undirected, run("20261207T050000Z-abcdef", Map.of("auc", 0.9), List.of("model.pkl")), null, NOW);
        assertEquals(Promotion.Decision.NOT_PROMOTED, decision.decision());
        assertEquals(List.of("the contract gives no metric a direction (\"better\": \"higher\" or \"lower\"), so runs of train.ipynb are never "
                + "promoted automatically; promote one by hand (jupyship promote 20261207T050000Z-abcdef)"), decision.reasons());
        assertEquals("ranker", decision.model());
    }
}
