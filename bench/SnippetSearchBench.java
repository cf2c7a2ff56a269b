import dev.jupyship.snippets.PythonSyntaxCheck;
import dev.jupyship.snippets.SnippetCatalog;
import dev.jupyship.snippets.SnippetSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Search latency of a 1,000-snippet catalog, warm: writes 1,000 snippet files made from the real
 * ones (new ids, titles and a few random words each, so the vocabulary grows as a real catalog's
 * would), loads them as the sidecar does, and times realistic queries, including half-typed ones.
 * Run by bench/snippets as {@code java -cp jupyship.jar bench/SnippetSearchBench.java SNIPPETS}.
 */
public class SnippetSearchBench {
    private static final String[] QUERIES = {"save model", "seed", "gcs snapshot", "parameters", "feature importance", "split",
            "record metrics json", "lightgbm early stopping", "drift psi", "feat", "cross val", "load model from gs"};

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args.length > 0 ? args[0] : "snippets");
        List<Path> originals;
        try (Stream<Path> files = Files.list(source)) {
            originals = files.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("README.md")).sorted().toList();
        }
        Path folder = Files.createTempDirectory("snippet-bench");
        Random random = new Random(7);
        String[] words = ("pipeline tabular churn forecast embedding tokenizer bucket partition schema label window holdout ensemble "
                + "calibration threshold sampling imbalance quantile encoder scaler leakage backfill lineage registry latency").split(" ");
        for (int i = 0; i < 1000; i++) {
            String text = Files.readString(originals.get(i % originals.size()));
            String extra = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + " v" + i;
            text = text.replaceFirst("(?m)^id: (.*)$", "id: $1-" + i).replaceFirst("(?m)^title: (.*)$", "title: $1 (" + extra + ")")
                    .replaceFirst("(?m)^requires: .*$", "requires: []"); // the copies' ids are new
            Files.writeString(folder.resolve("s" + i + ".md"), text);
        }
        long loadStart = System.nanoTime();
        SnippetCatalog catalog = new SnippetCatalog(List.of(new SnippetCatalog.Folder(folder, "platform")), PythonSyntaxCheck.NONE,
                Duration.ofDays(1));
        double loadMillis = (System.nanoTime() - loadStart) / 1e6;
        SnippetSearch search = catalog.current().search();
        if (search.size() != 1000) {
            throw new IllegalStateException("expected 1000 snippets, loaded " + search.size() + "; first problem: "
                    + catalog.current().problems().get(0));
        }
        long sink = 0;
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            for (String query : QUERIES) {
                sink += search.search(query, null, List.of(), 20).size();
            }
        }
        int rounds = 2000;
        double[] micros = new double[rounds * QUERIES.length];
        int n = 0;
        for (int r = 0; r < rounds; r++) {
            for (String query : QUERIES) {
                long start = System.nanoTime();
                sink += search.search(query, null, List.of(), 20).size();
                micros[n++] = (System.nanoTime() - start) / 1e3;
            }
        }
        Arrays.sort(micros);
        double mean = Arrays.stream(micros).average().orElse(0);
        System.out.printf("catalog of %d snippets loaded (parsed, validated, indexed) in %.0f ms%n", search.size(), loadMillis);
        System.out.printf("search, warm, %d queries: mean %.3f ms, median %.3f ms, p99 %.3f ms, max %.3f ms (aim: under 5 ms)%s%n",
                micros.length, mean / 1e3, micros[micros.length / 2] / 1e3, micros[(int) (micros.length * 0.99)] / 1e3,
                micros[micros.length - 1] / 1e3, sink == 42 ? " " : "");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
    }
}
