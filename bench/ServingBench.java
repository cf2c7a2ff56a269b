import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Serving, jupyship (image/start serve) against MLflow's scoring server on the same cloudpickled
 * model, one worker each, loaded by the same closed-loop client on loopback. Run by bench/serving as
 * {@code java bench/ServingBench.java ROOT VENV MLFLOW_VENV WORKSPACE RUN_A RUN_B MLFLOW_MODEL}.
 */
public class ServingBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final Duration WARM = Duration.ofSeconds(3);
    static final Duration MEASURE = Duration.ofSeconds(10);
    static final String[] PLANS = {"basic", "plus", "pro"};

    record Figures(double p50, double p99, double perSecond, long failed) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path venv = Path.of(args[1]);
        Path mlflowVenv = Path.of(args[2]);
        Path workspace = Path.of(args[3]);
        String runA = args[4];
        String runB = args[5];
        Path mlflowModel = Path.of(args[6]);
        System.out.printf("machine: %d cores, load average %s; each server: one process, one worker%n",
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        System.out.println("model: examples/churn_retraining.ipynb's (a scikit-learn pipeline behind a cloudpickled class), run " + runA);
        System.out.println();

        int jPort = freePort();
        long started = System.nanoTime();
        Process jupyship = new ProcessBuilder(root.resolve("image/start").toString(), "serve", "churn_retraining.ipynb", "--port",
                String.valueOf(jPort), "--poll-seconds", "1").redirectErrorStream(true).redirectOutput(workspace.resolve("serving.log").toFile())
                .directory(workspace.toFile()).start();
        String jUrl = "http://127.0.0.1:" + jPort;
        awaitReady(jUrl + "/readyz", runA);
        double jStart = (System.nanoTime() - started) / 1e6;

        int mPort = freePort();
        started = System.nanoTime();
        Process mlflow = startMlflow(mlflowVenv, mlflowModel, mPort, workspace);
        String mUrl = "http://127.0.0.1:" + mPort;
        awaitMlflow(mUrl);
        double mStart = (System.nanoTime() - started) / 1e6;

        IntFunction<String> jBody = n -> "{\"rows\": " + rows(n) + "}";
        IntFunction<String> mBody = n -> "{\"dataframe_records\": " + rows(n) + "}";
        check(jUrl + "/predict", jBody.apply(2), mUrl + "/invocations", mBody.apply(2));

        System.out.printf("%-34s %12s %12s %12s %8s%n", "/predict (loopback)", "p50 ms", "p99 ms", "requests/s", "failed");
        for (int rowsPerRequest : new int[] {1, 100}) {
            for (int clients : new int[] {1, 8}) {
                Figures j = load(jUrl + "/predict", jBody.apply(rowsPerRequest), clients, MEASURE);
                Figures m = load(mUrl + "/invocations", mBody.apply(rowsPerRequest), clients, MEASURE);
                String what = rowsPerRequest + " row" + (rowsPerRequest > 1 ? "s" : "") + ", " + clients + " client" + (clients > 1 ? "s" : "");
                System.out.printf("%-34s %12.2f %12.2f %12.0f %8d%n", "  jupyship: " + what, j.p50, j.p99, j.perSecond, j.failed);
                System.out.printf("%-34s %12.2f %12.2f %12.0f %8d%n", "  mlflow:   " + what, m.p50, m.p99, m.perSecond, m.failed);
            }
        }
        System.out.println();
        System.out.printf("memory (RSS, after the load): jupyship %.0f MB, mlflow %.0f MB%n", rss(jupyship) / 1e6, rss(mlflow) / 1e6);
        System.out.printf("start to first answer: jupyship %.0f ms, mlflow %.0f ms%n", jStart, mStart);

        // A promotion under load: jupyship follows the pointer and swaps in place; MLflow serves one fixed
        // model, so a new one is a new server (the time it takes to start is its "swap").
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong failed = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread client = new Thread(() -> {
                HttpRequest request = post(jUrl + "/predict", jBody.apply(1));
                while (running.get()) {
                    try {
                        (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200 ? answered : failed).incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        failed.incrementAndGet();
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        Thread.sleep(1000);
        double[] swaps = new double[2];
        String[] to = {runB, runA};
        for (int i = 0; i < 2; i++) {
            List<String> command = i == 0 ? List.of("promote", runB) : List.of("rollback", "churn_retraining.ipynb", "--model", "churn");
            List<String> full = new ArrayList<>(List.of(root.resolve("bin/jupyship").toString()));
            full.addAll(command);
            full.addAll(List.of("-w", workspace.toString()));
            ProcessBuilder cli = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            cli.environment().put("JUPYSHIP_NO_SIDECAR", "1");
            if (cli.start().waitFor() != 0) {
                throw new IllegalStateException("jupyship " + command + " failed");
            }
            long moved = System.nanoTime();
            awaitReady(jUrl + "/readyz", to[i]);
            swaps[i] = (System.nanoTime() - moved) / 1e6;
            Thread.sleep(1000);
        }
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        System.out.printf("swap, promotion to served (poll every 1 s): jupyship %.0f ms and %.0f ms (promote, then rollback), "
                + "%d of %d requests failed across both; mlflow: a new server, %.0f ms to its first answer%n",
                swaps[0], swaps[1], failed.get(), failed.get() + answered.get(), mStart);
        jupyship.destroy();
        mlflow.descendants().forEach(ProcessHandle::destroy);
        mlflow.destroy();
        jupyship.waitFor();
        mlflow.waitFor();
    }

    static Process startMlflow(Path venv, Path model, int port, Path workspace) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(venv.resolve("bin/mlflow").toString(), "models", "serve", "-m", model.toString(),
                "--env-manager", "local", "--host", "127.0.0.1", "-p", String.valueOf(port), "-w", "1")
                .redirectErrorStream(true).redirectOutput(workspace.resolve("mlflow.log").toFile());
        builder.environment().put("PATH", venv.resolve("bin") + ":" + System.getenv("PATH"));
        return builder.start();
    }

    static String rows(int n) {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            rows.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"tenure_months\": %d, \"monthly_charges\": %.1f, \"support_calls\": %d, \"plan\": \"%s\"}",
                    1 + (i * 7) % 71, 20 + (i * 13) % 150 + 0.5, i % 5, PLANS[i % 3]));
        }
        return rows.append(']').toString();
    }

    static void check(String jUrl, String jBody, String mUrl, String mBody) throws Exception {
        String j = HTTP.send(post(jUrl, jBody), HttpResponse.BodyHandlers.ofString()).body();
        String m = HTTP.send(post(mUrl, mBody), HttpResponse.BodyHandlers.ofString()).body();
        System.out.println("the same two rows: jupyship " + j);
        System.out.println("                   mlflow   " + m);
        System.out.println();
    }

    static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static Figures load(String url, String body, int clients, Duration duration) throws InterruptedException {
        HttpRequest request = post(url, body);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong failed = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            samples.add(mine);
            Thread thread = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    long start = System.nanoTime();
                    boolean ok;
                    try {
                        ok = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException | InterruptedException e) {
                        ok = false;
                    }
                    if (measuring.get()) {
                        if (ok && n < mine.length - 1) {
                            mine[++n] = System.nanoTime() - start;
                            mine[0] = n;
                        } else if (!ok) {
                            failed.incrementAndGet();
                        }
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(WARM.toMillis());
        measuring.set(true);
        long from = System.nanoTime();
        Thread.sleep(duration.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - from) / 1e9;
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        int total = 0;
        for (long[] mine : samples) {
            total += (int) mine[0];
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] mine : samples) {
            System.arraycopy(mine, 1, all, at, (int) mine[0]);
            at += (int) mine[0];
        }
        Arrays.sort(all);
        return new Figures(all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, total / seconds, failed.get());
    }

    static void awaitReady(String url, String run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"run\":\"" + run + "\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(url + " never served " + run);
    }

    static void awaitMlflow(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        HttpRequest request = post(url + "/invocations", "{\"dataframe_records\": " + rows(1) + "}");
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("mlflow never answered at " + url);
    }

    /** The process's and its descendants' resident memory, from /proc. */
    static long rss(Process process) throws IOException {
        long total = rssOf(process.pid());
        for (ProcessHandle child : process.descendants().toList()) {
            total += rssOf(child.pid());
        }
        return total;
    }

    static long rssOf(long pid) throws IOException {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException gone) {
            return 0;
        }
        return 0;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
