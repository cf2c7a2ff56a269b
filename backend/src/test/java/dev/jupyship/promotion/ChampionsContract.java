package dev.jupyship.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.GitFacts;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.errors.NotFound;
import dev.jupyship.testing.ForwardingStore;
import dev.jupyship.testing.HangGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The champion in a real store (an implementation's test says which: a temporary folder, a bucket
 * of a real fake-gcs-server): the gate's decisions through {@link PromotionCompletion} as a
 * deployer calls it, the pointer's compare-and-set under races, manual promotion and rollback, and
 * the refusals, each with its message.
 */
public abstract class ChampionsContract {

    static final String CONTRACT = PromotionGateTest.CONTRACT;
    static final String NO_MODEL = "{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'metrics': {'keys': {'auc': {'better': 'higher'}}}}}";

    @TempDir
    Path temp;

    /** Counts the pointer's lost races; a test can make the first readers of the pointer wait for each other. */
    final class RacingStore extends ForwardingStore {
        final AtomicInteger lost = new AtomicInteger();
        final AtomicInteger racers = new AtomicInteger();
        volatile CountDownLatch together = new CountDownLatch(0);

        RacingStore(ArtifactStore inner) {
            super(inner);
        }

        /** The next {@code n} reads of a pointer each wait until all {@code n} have read it. */
        void race(int n) {
            together = new CountDownLatch(n);
            racers.set(n);
        }

        @Override
        public Optional<Versioned> readVersioned(String key) throws IOException {
            Optional<Versioned> read = inner.readVersioned(key);
            if (key.endsWith("/" + Champions.POINTER) && racers.getAndDecrement() > 0) {
                together.countDown();
                try {
                    assertTrue(together.await(HangGuard.LIMIT.toMillis(), TimeUnit.MILLISECONDS), "the racers never met");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return read;
        }

        @Override
        public Optional<String> putIfVersion(String key, byte[] data, String expectedVersion) throws IOException {
            Optional<String> put = inner.putIfVersion(key, data, expectedVersion);
            if (put.isEmpty() && key.endsWith("/" + Champions.POINTER)) {
                lost.incrementAndGet();
            }
            return put;
        }
    }

    protected abstract ArtifactStore newStore() throws Exception;

    RacingStore store;
    final Map<String, RunManifest> runs = new ConcurrentHashMap<>();
    Champions champions;
    PromotionCompletion completion;

    @BeforeEach
    void open() throws Exception {
        store = new RacingStore(newStore());
        champions = new Champions(store, "p", id -> Optional.ofNullable(runs.get(id)), Clock.systemUTC(), "ada");
        completion = new PromotionCompletion(store, champions, Clock.systemUTC());
    }

    /** A run of train.ipynb whose notebook, as deployed, declares the contract (null: none). */
    RunManifest run(RunStatus status, Map<String, Object> metrics, String contract) throws IOException {
        Instant at = Instant.now();
        String id = RunLayout.newId(at);
        RunManifest run = new RunManifest(id, "p", "train.ipynb", null, GitFacts.NONE, Map.of(), "img", "dev", "local", status, at, at, at,
                status == RunStatus.FAILED ? RunFailure.of("cell-error", "cell 2 raised ValueError") : null, metrics,
                List.of("metrics.json", "model.pkl", "scores.json"), null, null, null, null, null, null);
        Path notebook = TinyNotebooks.write(temp.resolve(id + ".ipynb"), "output_dir = 'x'", "print(1)");
        if (contract != null) {
            TinyNotebooks.withContract(notebook, contract.replace('\'', '"'));
        }
        store.put(run.prefix() + RunLayout.INPUT, Files.readAllBytes(notebook));
        runs.put(id, run);
        return run;
    }

    RunManifest succeeded(double auc) throws IOException {
        return run(RunStatus.SUCCEEDED, Map.of("auc", auc, "mae", 2.0, "recall", 0.5, "loss", 0.1, "n_rows", 100), CONTRACT);
    }

    /** The run's end as a deployer stores it: through the completion, then heard of. */
    RunManifest end(RunManifest run) throws IOException {
        RunManifest ended = completion.beforeStored(run);
        runs.put(ended.id(), ended);
        completion.stored(ended);
        return ended;
    }

    String champion() throws IOException {
        return champions.champion("p", "train.ipynb", "model").map(Champion::run).orElse(null);
    }

    @Test
    void theGateMovesTheChampionAndEveryDecisionJoinsTheHistoryNewestFirst() throws Exception {
        RunManifest first = end(succeeded(0.86));
        assertEquals(Promotion.Decision.PROMOTED, first.promotion().decision());
        assertEquals(first.id(), champion());
        RunManifest worse = end(succeeded(0.81));
        assertEquals(Promotion.Decision.NOT_PROMOTED, worse.promotion().decision());
        assertEquals(List.of("auc 0.81 is below the champion's 0.86 minus the allowed 0.02"), worse.promotion().reasons());
        assertEquals(first.id(), worse.promotion().champion());
        assertEquals(-0.05, worse.promotion().changes().get("auc").change(), 1e-9);
        // the decision is part of the stored manifest, as others read it back
        assertEquals(worse.promotion(), RunHistory.JSON.readValue(RunHistory.JSON.writeValueAsBytes(worse), RunManifest.class).promotion());
        RunManifest close = end(succeeded(0.85));
        assertEquals(Promotion.Decision.PROMOTED, close.promotion().decision(), close.promotion().reasons().toString());
        assertEquals(close.id(), champion());

        Champions.View view = champions.show("./train.ipynb", null);
        assertEquals(close.id(), view.champion().run());
        assertEquals(first.id(), view.champion().previous());
        assertEquals(Map.of("auc", 0.85, "mae", 2.0, "recall", 0.5, "loss", 0.1, "n_rows", 100), view.champion().metrics());
        assertEquals(List.of(ChampionEvent.Kind.PROMOTED, ChampionEvent.Kind.NOT_PROMOTED, ChampionEvent.Kind.PROMOTED),
                view.decisions().stream().map(ChampionEvent::kind).toList());
        assertEquals(List.of(close.id(), worse.id(), first.id()), view.decisions().stream().map(ChampionEvent::run).toList());
        ChampionEvent refused = view.decisions().get(1);
        assertEquals(first.id(), refused.before());
        assertEquals(first.id(), refused.after());
        assertEquals(worse.promotion().reasons(), refused.reasons());
        assertEquals("gate", refused.by());
    }

    @Test
    void aRunOutsideItsBoundsEndsFailedAndIsNotDecidedOn() throws Exception {
        RunManifest broken = end(run(RunStatus.SUCCEEDED, Map.of("auc", 0.4, "mae", 3.1, "loss", 0.1), CONTRACT));
        assertEquals(RunStatus.FAILED, broken.status());
        assertEquals(MetricsCheck.FAILURE_KIND, broken.failure().kind());
        assertEquals("auc 0.4 is below the contract's minimum 0.5; mae 3.1 is above the contract's maximum 2.5; "
                + "metrics.json lacks the required key 'recall'; metrics.json lacks the required key 'n_rows'", broken.failure().summary());
        assertNull(broken.promotion());
        assertNull(champion());
        assertThrows(NotFound.class, () -> champions.show("train.ipynb", null));
        RunManifest noMetrics = end(run(RunStatus.SUCCEEDED, null, CONTRACT));
        assertEquals("the run wrote no metrics file (output_dir/metrics.json)", noMetrics.failure().summary());
        // a failed run stays as it was; a run without a contract, or without a model, is not decided on
        RunManifest failed = run(RunStatus.FAILED, null, CONTRACT);
        assertEquals(failed, end(failed));
        RunManifest free = run(RunStatus.SUCCEEDED, Map.of("auc", 0.1), null);
        assertEquals(free, end(free));
        RunManifest modelless = end(run(RunStatus.SUCCEEDED, Map.of("auc", 0.1), NO_MODEL));
        assertEquals(RunStatus.SUCCEEDED, modelless.status());
        assertNull(modelless.promotion());
    }

    @Test
    void metricsInAnotherFileAreReadFromTheRunsOutputs() throws Exception {
        String contract = "{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'model': {'path': 'model.pkl'}, "
                + "'metrics': {'file': 'scores.json', 'keys': {'auc': {'max': 0.5, 'better': 'higher'}}}}}";
        RunManifest run = run(RunStatus.SUCCEEDED, null, contract);
        store.put(run.prefix() + RunLayout.ARTIFACTS + "scores.json", "{\"auc\": 0.9}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RunManifest ended = end(run);
        assertEquals(RunStatus.FAILED, ended.status());
        assertEquals("auc 0.9 is above the contract's maximum 0.5", ended.failure().summary());
        assertEquals(Map.of("auc", 0.9), ended.metrics());
        RunManifest unwritten = end(run(RunStatus.SUCCEEDED, null, contract));
        assertEquals("the run wrote no metrics file (output_dir/scores.json)", unwritten.failure().summary());
        RunManifest within = run(RunStatus.SUCCEEDED, null, contract);
        store.put(within.prefix() + RunLayout.ARTIFACTS + "scores.json", "{\"auc\": 0.4}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RunManifest promoted = end(within);
        assertEquals(Promotion.Decision.PROMOTED, promoted.promotion().decision(), promoted.promotion().reasons().toString());
        assertEquals(Map.of("auc", 0.4), champions.champion("p", "train.ipynb", "model").orElseThrow().metrics());
    }

    @Test
    void twoRunsEndingTogetherLeaveOneChampionAndBothDecisions() throws Exception {
        RunManifest one = succeeded(0.90);
        RunManifest two = succeeded(0.70);
        // both compared with no champion before either is stored
        RunManifest oneEnded = completion.beforeStored(one);
        RunManifest twoEnded = completion.beforeStored(two);
        assertTrue(oneEnded.promotion().promoted());
        assertTrue(twoEnded.promotion().promoted());
        completion.stored(oneEnded);
        completion.stored(twoEnded);
        assertEquals(one.id(), champion());
        List<ChampionEvent> history = champions.history("p", "train.ipynb", "model", 10);
        assertEquals(2, history.size());
        ChampionEvent again = history.get(0);
        assertEquals(two.id(), again.run());
        assertEquals(ChampionEvent.Kind.NOT_PROMOTED, again.kind());
        assertEquals(List.of("auc 0.7 is below the champion's 0.9 minus the allowed 0.02", "decided again: the champion became " + one.id()
                + " while the run ended (the gate had compared it with no champion)"), again.reasons());
    }

    @Test
    void concurrentPromotionsOfOneNotebookLeaveOneChampionAndLoseNoDecision() throws Exception {
        List<RunManifest> candidates = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            candidates.add(run(RunStatus.SUCCEEDED, Map.of("auc", 0.5), NO_MODEL.replace("'outputs': {", "'outputs': {'model': {'path': 'model.pkl'}, ")));
        }
        store.race(2); // the first two promotions read the same champion (none) before either moves it
        ExecutorService pool = Executors.newFixedThreadPool(candidates.size());
        try {
            List<Future<ChampionEvent>> promoted = new ArrayList<>();
            for (RunManifest run : candidates) {
                promoted.add(pool.submit(() -> champions.promote(run.id())));
            }
            for (Future<ChampionEvent> event : promoted) {
                assertEquals(ChampionEvent.Kind.MANUAL_PROMOTE, event.get(HangGuard.LIMIT.toSeconds(), TimeUnit.SECONDS).kind());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(store.lost.get() >= 1, "the racing promotions never lost a compare-and-set: the race was not run");
        List<ChampionEvent> history = champions.history("p", "train.ipynb", "model", 10);
        assertEquals(4, history.size());
        // each promotion replaced the champion before it: one chain from none to the champion, nobody lost
        Set<String> replaced = new HashSet<>();
        for (ChampionEvent event : history) {
            assertTrue(replaced.add(String.valueOf(event.before())), "two promotions replaced " + event.before());
            assertTrue(event.reasons().get(0).startsWith("promoted by hand by ada, overriding the gate"), event.reasons().toString());
        }
        assertTrue(replaced.contains("null"));
        assertEquals(history.get(0).run(), champion());
        assertEquals(history.get(1).run(), history.get(0).before());
    }

    @Test
    void aManualPromotionIsAnOverrideAndRefusesRunsThatCannotBeChampions() throws Exception {
        RunManifest good = end(succeeded(0.9));
        RunManifest worse = end(succeeded(0.6));
        ChampionEvent manual = champions.promote(worse.id());
        assertEquals(ChampionEvent.Kind.MANUAL_PROMOTE, manual.kind());
        assertEquals(List.of("promoted by hand by ada, overriding the gate",
                "the gate would not have promoted it: auc 0.6 is below the champion's 0.9 minus the allowed 0.02"), manual.reasons());
        assertEquals("ada", manual.by());
        assertEquals(good.id(), manual.before());
        assertEquals(worse.id(), champion());
        assertEquals(ChampionEvent.Kind.MANUAL_PROMOTE, champions.champion("p", "train.ipynb", "model").orElseThrow().how());

        assertEquals("run " + worse.id() + " is already the champion of train.ipynb (model 'model')",
                assertThrows(Conflict.class, () -> champions.promote(worse.id())).getMessage());
        assertEquals("no run '20260101T000000Z-zzzzzz'", assertThrows(NotFound.class, () -> champions.promote("20260101T000000Z-zzzzzz")).getMessage());
        assertEquals("'latest' is not a run id (like 20261128T023000Z-ab12cd)", assertThrows(BadInput.class, () -> champions.promote("latest")).getMessage());
        RunManifest failed = run(RunStatus.FAILED, null, CONTRACT);
        assertEquals("run " + failed.id() + " failed (cell 2 raised ValueError): only a succeeded run can be promoted",
                assertThrows(Conflict.class, () -> champions.promote(failed.id())).getMessage());
        RunManifest modelless = end(run(RunStatus.SUCCEEDED, Map.of("auc", 0.9), NO_MODEL));
        assertEquals("run " + modelless.id() + " has no model: the contract of train.ipynb declares no outputs.model",
                assertThrows(Conflict.class, () -> champions.promote(modelless.id())).getMessage());
        RunManifest free = end(run(RunStatus.SUCCEEDED, Map.of("auc", 0.9), null));
        assertEquals("run " + free.id() + " has no model: train.ipynb declares no contract, so no outputs.model",
                assertThrows(Conflict.class, () -> champions.promote(free.id())).getMessage());
        assertEquals(3, champions.history("p", "train.ipynb", "model", 10).size());
    }

    @Test
    void rollbackGoesBackOneChampionAtATimeOrToAFormerOne() throws Exception {
        assertEquals("train.ipynb has no champion (model 'model') to roll back: no run of it has been promoted",
                assertThrows(NotFound.class, () -> champions.rollback("train.ipynb", null, null)).getMessage());
        RunManifest a = end(succeeded(0.80));
        RunManifest b = end(succeeded(0.85));
        RunManifest refused = end(succeeded(0.50));
        RunManifest c = end(succeeded(0.90));
        assertEquals(c.id(), champion());
        ChampionEvent back = champions.rollback("train.ipynb", null, null);
        assertEquals(ChampionEvent.Kind.ROLLBACK, back.kind());
        assertEquals(List.of("rolled back by ada from " + c.id() + " to " + b.id()), back.reasons());
        assertEquals(b.id(), champion());
        assertEquals(a.id(), champions.rollback("train.ipynb", "model", null).after());
        assertEquals("run " + a.id() + " was the first champion of train.ipynb (model 'model'): there is no earlier one to roll back to",
                assertThrows(Conflict.class, () -> champions.rollback("train.ipynb", null, null)).getMessage());
        assertEquals(c.id(), champions.rollback("train.ipynb", null, c.id()).after());
        assertEquals(Map.of("auc", 0.9, "mae", 2.0, "recall", 0.5, "loss", 0.1, "n_rows", 100), champions.champion("p", "train.ipynb", "model").orElseThrow().metrics());
        assertEquals("run " + refused.id() + " was never the champion of train.ipynb (model 'model'): promote it instead (jupyship promote "
                + refused.id() + ")", assertThrows(Conflict.class, () -> champions.rollback("train.ipynb", null, refused.id())).getMessage());
        assertEquals("run " + c.id() + " is already the champion of train.ipynb (model 'model')",
                assertThrows(Conflict.class, () -> champions.rollback("train.ipynb", null, c.id())).getMessage());
        assertEquals("--to must be a run id (like 20261128T023000Z-ab12cd), not 'previous'",
                assertThrows(BadInput.class, () -> champions.rollback("train.ipynb", null, "previous")).getMessage());
        assertTrue(assertThrows(BadInput.class, () -> champions.rollback("train.ipynb", "../x", null)).getMessage()
                .startsWith("'../x' is not a model name"));
        List<ChampionEvent> history = champions.history("p", "train.ipynb", "model", 20);
        assertEquals(List.of(ChampionEvent.Kind.ROLLBACK, ChampionEvent.Kind.ROLLBACK, ChampionEvent.Kind.ROLLBACK, ChampionEvent.Kind.PROMOTED,
                ChampionEvent.Kind.NOT_PROMOTED, ChampionEvent.Kind.PROMOTED, ChampionEvent.Kind.PROMOTED), history.stream().map(ChampionEvent::kind).toList());
        assertNotNull(history.get(0).at());
    }

    @Test
    void aNotebookWithoutAChampionIsNamedAsSuch() {
        assertEquals("other.ipynb has no champion (model 'ranker'): no run of it has been promoted yet (a succeeded run is, when its contract "
                + "declares the model and a metric with \"better\"; or promote one with jupyship promote RUN)",
                assertThrows(NotFound.class, () -> champions.show("other.ipynb", "ranker")).getMessage());
    }
}
