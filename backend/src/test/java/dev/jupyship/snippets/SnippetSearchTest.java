package dev.jupyship.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Search over the real snippets/ folder: what people type, and the snippet they expect first. */
class SnippetSearchTest {

    private static SnippetCatalog.Snapshot catalog;

    @BeforeAll
    static void load() {
        catalog = new SnippetCatalog(List.of(new SnippetCatalog.Folder(SnippetFiles.platform(), "platform")),
                PythonSyntaxCheck.NONE, Duration.ZERO).current();
        assertEquals(List.of(), catalog.problems());
    }

    private static String first(String query) {
        List<SnippetSearch.Hit> hits = catalog.search().search(query, null, List.of(), 5);
        assertTrue(!hits.isEmpty(), "no hit for " + query);
        return hits.get(0).snippet().id();
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "save model|save-model",
            "save the model with cloudpickle|save-model",
            "seed|set-seeds",
            "random seeds |set-seeds",
            "gcs snapshot|load-snapshot",
            "load data from gs://|load-snapshot",
            "parameters|parameters",
            "papermill parameters cell|parameters",
            "batch safe parameters|read-parameters",
            "feature importance|feature-importance",
            "permutation importance|feature-importance",
            "split|train-val-split",
            "train test split stratified|train-val-split",
            "metrics.json|record-metrics",
            "record metrics|record-metrics",
            "lightgbm|train-lightgbm",
            "xgboost lightgbm early stopping|train-lightgbm",
            "sklearn pipeline|train-sklearn",
            "drift|validate-data",
            "null checks schema|validate-data",
            "learning curve|learning-curves",
            "load model|load-model",
            "timing a cell|time-cell",
            "cross validation folds|cross-validate",
            "roc auc precision recall|evaluate-classifier",
            "write predictions|batch-predictions",
            "pip freeze versions|log-environment",
            "feat|feature-importance",
            "learning cur|learning-curves",
    })
    void findsTheExpectedSnippetFirst(String query, String expected) {
        assertEquals(expected, first(query), () -> catalog.search().search(query, null, List.of(), 5).stream()
                .map(h -> h.snippet().id() + "=" + String.format("%.2f", h.score())).toList().toString());
    }

    @Test
    void filtersByCategoryAndTags() {
        List<SnippetSearch.Hit> training = catalog.search().search("model", "Training", List.of(), 50);
        assertEquals(Set.of("train-sklearn", "train-lightgbm"), Set.copyOf(training.stream().map(h -> h.snippet().id()).toList()));
        List<SnippetSearch.Hit> tagged = catalog.search().search("", null, List.of("gcs", "snapshot"), 50);
        assertEquals(List.of("load-snapshot"), tagged.stream().map(h -> h.snippet().id()).toList());
        assertEquals(List.of(), catalog.search().search("zzqx qqxz", null, List.of(), 50));
        assertEquals(catalog.snippets().size(), catalog.search().search("  ", null, List.of(), 500).size());
    }

    @Test
    void wordsAndStems() {
        assertEquals(List.of("train", "test", "split", "x", "train"), SnippetSearch.words("train_test_split(X_train)"));
        assertEquals(List.of("predict", "proba", "gs", "bucket"), SnippetSearch.words("predictProba of gs://bucket"));
        assertEquals(SnippetSearch.stem("seed"), SnippetSearch.stem("seeds"));
        assertEquals(SnippetSearch.stem("save"), SnippetSearch.stem("saving"));
        assertEquals(SnippetSearch.stem("split"), SnippetSearch.stem("splitting"));
        assertEquals(SnippetSearch.stem("metric"), SnippetSearch.stem("metrics"));
        assertEquals(SnippetSearch.stem("stratify"), SnippetSearch.stem("stratified"));
    }

    /** What bench/snippets times (its aim: under 5 ms a search): a 1,000-snippet catalog answers each query, at most `limit` hits, best first. */
    @Test
    void aThousandSnippetsAreSearched() {
        List<Snippet> many = new ArrayList<>();
        for (int copy = 0; many.size() < 1000; copy++) {
            for (Snippet s : catalog.all()) {
                many.add(new Snippet(s.id() + "-" + copy, s.title() + " variant " + copy, s.description(), s.notes(), s.tags(),
                        s.category(), s.version(), s.packages(), s.requires(), s.runnable(), s.cells(), s.file(), s.source(), java.util.Map.of()));
            }
        }
        SnippetSearch search = new SnippetSearch(many.subList(0, 1000));
        for (String query : List.of("save model", "seed", "gcs snapshot", "parameters", "feature importance", "split", "metrics", "lightg")) {
            List<SnippetSearch.Hit> hits = search.search(query, null, List.of(), 20);
            assertEquals(20, hits.size(), query + ": " + hits);
            for (int i = 1; i < hits.size(); i++) {
                assertTrue(hits.get(i - 1).score() >= hits.get(i).score(), query + ": not best first: " + hits);
            }
        }
    }
}
