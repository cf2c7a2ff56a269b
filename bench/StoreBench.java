import dev.jupyship.deploy.GitFacts;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunIndex;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunStatus;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runs' store at scale, on fake-gcs-server: buckets of synthetic runs (300 users, two notebooks
 * each, a year of history) written in both layouts at once (runs/ as before, plus the run index), so
 * today's jar and this branch's read the same bucket. For each bucket and each jar, one sidecar
 * (bin/jupyship serve's heap flags) behind its own counting TCP proxy: start time (launch to the first
 * page of GET /api/runs), RSS after start and after an idle minute, store requests in that minute,
 * and the time to show one notebook's newest 100 runs (first ask, then again).
 * Run by bench/store as {@code java -cp NEW_JAR bench/StoreBench.java NEW_JAR BASE_JAR EMULATOR SIZES}.
 */
public class StoreBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int USERS = 300;
    /** The notebook whose newest 100 runs are shown. */
    static final String SHOWN = "u7/train.ipynb";
    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static void main(String[] args) throws Exception {
        Path newJar = Path.of(args[0]);
        Path baseJar = Path.of(args[1]);
        Path emulator = Path.of(args[2]);
        List<Integer> sizes = new ArrayList<>();
        for (String size : args[3].split(",")) {
            sizes.add(Integer.parseInt(size));
        }
        System.out.printf("%-10s %-6s %9s %9s %9s %13s %11s %11s %s%n", "runs", "code", "start s", "RSS MB", "idle RSS", "idle calls/min",
                "newest 100", "again", "(idle calls by kind)");
        for (int size : sizes) {
            // One emulator a bucket: fake-gcs-server's memory backend slows down as a bucket grows (see docs/scale.md).
            Path data = Files.createTempDirectory("store-bench");
            long t = System.nanoTime();
            int objects = writeBucket(data.resolve("bench-" + size), size);
            int gcsPort = freePort();
            Process gcs = new ProcessBuilder(emulator.toString(), "-scheme", "http", "-host", "127.0.0.1", "-port", String.valueOf(gcsPort),
                    "-backend", "memory", "-data", data.toString(), "-log-level", "error").redirectErrorStream(true)
                    .redirectOutput(data.resolve("emulator.log").toFile()).start();
            String bucketProbe = "http://127.0.0.1:" + gcsPort + "/storage/v1/b/bench-" + size + "/o?maxResults=1";
            while (true) {
                try {
                    if (HTTP.send(HttpRequest.newBuilder(URI.create(bucketProbe)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // loading
                }
                Thread.sleep(200);
            }
            System.out.printf("bucket bench-%d: %,d runs of %d users, %,d objects, loaded in %.0f s%n", size, size, USERS, objects,
                    (System.nanoTime() - t) / 1e9);
            try {
                List<String> shown = new ArrayList<>();
                for (String code : List.of("main", "branch")) {
                    Result r = sidecar(code.equals("main") ? baseJar : newJar, gcsPort, "bench-" + size, shown);
                    System.out.printf("%-10s %-6s %9.2f %9d %9d %13d %9.0f ms %8.0f ms %s%n", String.format("%,d", size), code, r.startSeconds,
                            r.rssMb, r.idleRssMb, r.idleCalls, r.newestMs, r.againMs, r.idleKinds);
                }
                System.out.println(shown.get(0).equals(shown.get(1)) ? "  both show the same newest 100 runs of the notebook"
                        : "  MISMATCH: the two jars show different runs");
            } finally {
                gcs.destroy();
            }
        }
    }

    record Result(double startSeconds, long rssMb, long idleRssMb, long idleCalls, double newestMs, double againMs, Map<String, Long> idleKinds) {
    }

    static Result sidecar(Path jar, int gcsPort, String bucket, List<String> shown) throws Exception {
        CountingProxy proxy = new CountingProxy(gcsPort);
        Path workspace = Files.createTempDirectory("store-bench-ws");
        Files.writeString(workspace.resolve("jupyship.toml"), "[store]\nkind = \"gcs\"\nbucket = \"" + bucket + "\"\nprefix = \"team\"\n"
                + "endpoint = \"http://127.0.0.1:" + proxy.port + "\"\n[deploy]\nproject = \"bench\"\n");
        List<String> command = List.of("java", "-XX:+UseSerialGC", "-Xmx512m", "-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-Xss512k", "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=64m", "-jar", jar.toString(), "serve", "--workspace",
                workspace.toString(), "--port", "0");
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            int port = Integer.parseInt(first.replaceAll(".*:(\\d+)/api/health.*", "$1"));
            String base = "http://127.0.0.1:" + port;
            while (get(base + "/api/runs?limit=100").statusCode() != 200) {
                Thread.sleep(50);
            }
            double start = (System.nanoTime() - launched) / 1e9;
            long rss = rss(process.pid());
            String notebook = SHOWN;
            long t = System.nanoTime();
            HttpResponse<String> page = get(base + "/api/runs?limit=100&notebook=" + notebook);
            double newest = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            get(base + "/api/runs?limit=100&notebook=" + notebook);
            double again = (System.nanoTime() - t) / 1e6;
            Matcher ids = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(page.body());
            StringBuilder seen = new StringBuilder();
            int count = 0;
            while (ids.find()) {
                seen.append(ids.group(1)).append(' ');
                count++;
            }
            if (count != 100) {
                throw new IllegalStateException(jar + " showed " + count + " runs of " + notebook + ": " + page.body().substring(0, 300));
            }
            shown.add(seen.toString());
            Thread.sleep(5_000); // what follows the first page settles
            Map<String, Long> before = proxy.snapshot();
            Thread.sleep(60_000);
            Map<String, Long> after = proxy.snapshot();
            Map<String, Long> idle = new LinkedHashMap<>();
            long calls = 0;
            for (Map.Entry<String, Long> e : after.entrySet()) {
                long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                if (n > 0) {
                    idle.put(e.getKey(), n);
                    calls += n;
                }
            }
            return new Result(start, rss, rss(process.pid()), calls, newest, again, idle);
        } finally {
            process.destroy();
            process.waitFor();
            proxy.close();
        }
    }

    static HttpResponse<String> get(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    // ---------------------------------------------------------------- the synthetic bucket

    /**
     * Runs a year back from now, one every (year / size), round-robin over the users' notebooks, with
     * every tenth of the newest 1,500 in the notebook the bench shows; each with its manifest under
     * runs/ and its two index entries (a real run also has its input, executed notebook, log and
     * artifacts, which only today's code lists: its figures here are a lower bound).
     */
    static int writeBucket(Path bucket, int size) throws Exception {
        Random random = new Random(size);
        Instant now = Instant.now();
        long step = 365L * 24 * 3600 * 1000 / size;
        Path team = bucket.resolve("team");
        int objects = 0;
        for (int i = 0; i < size; i++) {
            Instant at = now.minusMillis(step * i);
            int user = i % USERS;
            String notebook = i % 10 == 0 && i < 1500 ? SHOWN : "u" + user + "/nb" + (i / USERS) % 2 + ".ipynb";
            StringBuilder id = new StringBuilder(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(at)).append('-');
            for (int c = 0; c < 6; c++) {
                id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            RunManifest run = new RunManifest(id.toString(), "bench", notebook, null, GitFacts.NONE, Map.of("seed", i, "lr", 0.01),
                    "europe-docker.pkg.dev/p/r/notebook:2026.11", "dev", "kubernetes", RunStatus.SUCCEEDED, at, at.plusSeconds(5),
                    at.plusSeconds(65), null, Map.of("score", random.nextDouble()), List.of("metrics.json", "model.pkl"), null, null, null,
                    null, null, "jupyter-u" + user);
            Path folder = Files.createDirectories(team.resolve("runs/bench/" + notebook + "/" + run.id()));
            Files.write(folder.resolve("manifest.json"), RunHistory.JSON.writeValueAsBytes(run));
            RunIndex.Entry entry = new RunIndex.Entry(run.id(), "bench", notebook);
            for (String key : List.of(RunIndex.allKey(entry), RunIndex.notebookKey(entry))) {
                Path file = team.resolve(key);
                Files.createDirectories(file.getParent());
                Files.write(file, new byte[0]);
            }
            objects += 3;
        }
        Files.writeString(team.resolve(RunIndex.MARKER), "{\"layout\": 2}\n");
        return objects + 1;
    }


    // ---------------------------------------------------------------- counting the sidecar's store requests

    /** A TCP proxy to the emulator that counts HTTP requests by kind from their request lines. */
    static final class CountingProxy implements AutoCloseable {
        final ServerSocket server;
        final int port;
        final Map<String, AtomicLong> counts = new java.util.concurrent.ConcurrentHashMap<>();

        CountingProxy(int target) throws Exception {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            port = server.getLocalPort();
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        pipe(client.getInputStream(), upstream.getOutputStream(), true);
                        pipe(upstream.getInputStream(), client.getOutputStream(), false);
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        void pipe(InputStream in, OutputStream out, boolean requests) {
            Thread thread = new Thread(() -> {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                byte[] buffer = new byte[65536];
                try (in; out) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                        out.flush();
                        if (requests) {
                            for (int i = 0; i < n; i++) {
                                if (buffer[i] == '\n') {
                                    count(line.toString(StandardCharsets.ISO_8859_1));
                                    line.reset();
                                } else if (line.size() < 4096) {
                                    line.write(buffer[i]);
                                }
                            }
                        }
                    }
                } catch (Exception ended) {
                    // connection closed
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        void count(String line) {
            if (!line.endsWith(" HTTP/1.1\r")) {
                return;
            }
            String kind = line.startsWith("GET ") && line.contains("/o?") ? "list"
                    : line.startsWith("GET ") && line.contains("alt=media") ? "read"
                    : line.startsWith("GET ") ? "metadata" : line.substring(0, line.indexOf(' ')).toLowerCase();
            counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }

        Map<String, Long> snapshot() {
            Map<String, Long> copy = new java.util.TreeMap<>();
            counts.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
