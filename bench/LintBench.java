import dev.jupyship.lint.LintConfig;
import dev.jupyship.lint.Linter;
import dev.jupyship.lint.rules.RuleRegistry;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.server.SidecarServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Warm lint throughput, in-process and over HTTP, and latency percentiles for the corpus notebook
 * closest to 100 cells. Platform rules only (ruff runs as its own process and is timed apart).
 * Run by bench/lint as {@code java -cp jupyship.jar bench/LintBench.java CORPUS}.
 */
public class LintBench {
    public static void main(String[] args) throws Exception {
        List<byte[]> notebooks = new ArrayList<>();
        byte[] hundred = null;
        int hundredCells = 0;
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                try {
                    Notebook notebook = Notebook.parse(bytes, file.toString());
                    notebooks.add(bytes);
                    int cells = notebook.cells().size();
                    if (hundred == null || Math.abs(cells - 100) < Math.abs(hundredCells - 100)) {
                        hundred = bytes;
                        hundredCells = cells;
                    }
                } catch (RuntimeException unreadable) {
                    // v3 and invalid files are not part of the figures
                }
            }
        }
        Linter linter = RuleRegistry.linter().withoutStandardLint();
        LintConfig config = LintConfig.defaults();
        long sink = 0;
        for (long end = System.nanoTime() + 3_000_000_000L; System.nanoTime() < end; ) {
            for (byte[] bytes : notebooks) {
                sink += linter.lint(Notebook.parse(bytes, "nb"), null, "nb", config).findings().size();
            }
        }
        int rounds = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < 5_000_000_000L) {
            for (byte[] bytes : notebooks) {
                sink += linter.lint(Notebook.parse(bytes, "nb"), null, "nb", config).findings().size();
            }
            rounds++;
        }
        double inProcess = notebooks.size() * rounds / ((System.nanoTime() - start) / 1e9);

        Path workspace = Files.createTempDirectory("lint-bench");
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, 256L << 20, null))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI lint = URI.create("http://127.0.0.1:" + server.port() + "/api/lint?standard=false");
            for (long end = System.nanoTime() + 3_000_000_000L; System.nanoTime() < end; ) {
                for (byte[] bytes : notebooks) {
                    sink += post(http, lint, bytes);
                }
            }
            int httpRounds = 0;
            long httpStart = System.nanoTime();
            while (System.nanoTime() - httpStart < 5_000_000_000L) {
                for (byte[] bytes : notebooks) {
                    sink += post(http, lint, bytes);
                }
                httpRounds++;
            }
            double overHttp = notebooks.size() * httpRounds / ((System.nanoTime() - httpStart) / 1e9);
            long[] latencies = new long[2000];
            for (int i = 0; i < 300; i++) {
                sink += post(http, lint, hundred);
            }
            for (int i = 0; i < latencies.length; i++) {
                long t = System.nanoTime();
                sink += post(http, lint, hundred);
                latencies[i] = System.nanoTime() - t;
            }
            Arrays.sort(latencies);

            // 8 connections, each linting the corpus in its own order, for 5 s: notebooks answered per
            // second, and how many were told to retry (503, the sidecar's bound on concurrent work).
            AtomicLong answered = new AtomicLong();
            AtomicLong busy = new AtomicLong();
            AtomicReference<Exception> failed = new AtomicReference<>();
            long end = System.nanoTime() + 5_000_000_000L;
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int offset = c * notebooks.size() / 8;
                Thread client = new Thread(() -> {
                    HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    for (int i = offset; System.nanoTime() < end; i++) {
                        try {
                            HttpResponse<byte[]> response = own.send(HttpRequest.newBuilder(lint).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(notebooks.get(i % notebooks.size()))).build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
                            (response.statusCode() == 200 ? answered : busy).incrementAndGet();
                        } catch (Exception e) {
                            failed.compareAndSet(null, e); // a client that stops would lower the figure unseen
                            return;
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            for (Thread client : clients) {
                client.join();
            }
            if (failed.get() != null) {
                throw new IllegalStateException("a client of the 8-connection run failed", failed.get());
            }
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            System.out.printf("%.1f %.1f %d %d %d %.2f %.2f %.2f %.1f %d %s %d%n", inProcess, overHttp, notebooks.size(), hundredCells, hundred.length,
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                    latencies[latencies.length - 1] / 1e6, answered.get() / 5.0, busy.get(), load, sink == 42 ? 1 : 0);
        } finally {
            try (Stream<Path> all = Files.walk(workspace)) { // the sidecar's folder: nothing left in /tmp run after run
                all.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static int post(HttpClient http, URI uri, byte[] body) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        return response.body().length;
    }
}
