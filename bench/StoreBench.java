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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runs' store at scale: buckets of synthetic runs (300 users, two notebooks each, a year of
 * history) written in both layouts at once (runs/ as before, plus the run index), so today's jar and
 * this branch's read the same bucket, served as GCS serves it ({@link SortedBucketServer}). For each
 * bucket and each jar, one sidecar (bin/jupyship serve's heap flags) behind its own counting TCP
 * proxy: start time (launch to the first page of GET /api/runs) and the store requests until then,
 * RSS after start and after an idle minute, store requests in that minute, and the time to show one
 * notebook's newest 100 runs (first ask, then again). A sidecar that does not answer within the start
 * limit is reported with how far it got instead.
 * Run by bench/store as {@code java -cp NEW_JAR bench/StoreBench.java NEW_JAR BASE_JAR SIZES START_LIMIT_SECONDS}.
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
        List<Integer> sizes = new ArrayList<>();
        for (String size : args[2].split(",")) {
            sizes.add(Integer.parseInt(size));
        }
        int startLimit = Integer.parseInt(args[3]);
        System.out.printf("%-10s %-6s %9s %11s %9s %9s %13s %11s %11s %s%n", "runs", "code", "start s", "start calls", "RSS MB", "idle RSS", "idle calls/min",
                "newest 100", "again", "(idle calls by kind)");
        for (int size : sizes) {
            String bucket = "bench-" + size;
            long t = System.nanoTime();
            try (SortedBucketServer gcs = new SortedBucketServer(bucket)) {
                int objects = writeBucket(gcs, size);
                System.out.printf("bucket %s: %,d runs of %d users, %,d objects, written in %.1f s%n", bucket, size, USERS, objects,
                        (System.nanoTime() - t) / 1e9);
                List<String> shown = new ArrayList<>();
                for (String code : List.of("main", "branch")) {
                    Result r = sidecar(code.equals("main") ? baseJar : newJar, gcs.port, bucket, size, startLimit, shown);
                    if (r.startedWithin == null) {
                        System.out.printf("%-10s %-6s %9.2f %,11d %9d %9d %13d %9.0f ms %8.0f ms %s%n", String.format("%,d", size), code,
                                r.startSeconds, r.startCalls, r.rssMb, r.idleRssMb, r.idleCalls, r.newestMs, r.againMs, r.idleKinds);
                    } else {
                        System.out.printf("%-10s %-6s %s%n", String.format("%,d", size), code, r.startedWithin);
                    }
                }
                if (shown.size() == 2) {
                    System.out.println(shown.get(0).equals(shown.get(1)) ? "  both show the same newest 100 runs of the notebook"
                            : "  MISMATCH: the two jars show different runs");
                }
            }
        }
    }

    static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * One sidecar's figures, or, for one that did not answer within the limit, what it did meanwhile
     * in {@code startedWithin} (and the rest zero).
     */
    record Result(double startSeconds, long startCalls, long rssMb, long idleRssMb, long idleCalls, double newestMs, double againMs, Map<String, Long> idleKinds,
            String startedWithin) {
    }

    static Result sidecar(Path jar, int gcsPort, String bucket, int size, int startLimit, List<String> shown) throws Exception {
        CountingProxy proxy = new CountingProxy(gcsPort);
        Path workspace = Files.createTempDirectory("store-bench-ws");
        Files.writeString(workspace.resolve("jupyship.toml"), "[store]\nkind = \"gcs\"\nbucket = \"" + bucket + "\"\nprefix = \"team\"\n"
                + "endpoint = \"http://127.0.0.1:" + proxy.port + "\"\n[deploy]\nproject = \"bench\"\n");
        List<String> command = List.of("java", "-XX:+UseSerialGC", "-Xmx512m", "-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-Xss512k", "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=64m", "-jar", jar.toString(), "serve", "--workspace",
                workspace.toString(), "--port", "0");
        long launched = System.nanoTime();
        Path errors = workspace.resolve("stderr.log");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try {
            String first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (first == null) {
                throw new IllegalStateException(jar + " exited before serving: " + Files.readString(errors));
            }
            int port = Integer.parseInt(first.replaceAll(".*:(\\d+)/api/health.*", "$1"));
            String base = "http://127.0.0.1:" + port;
            long deadline = launched + startLimit * 1_000_000_000L;
            while (!answers(base + "/api/runs?limit=100")) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    return notStarted(process, proxy, errors, launched, size);
                }
                Thread.sleep(50);
            }
            double start = (System.nanoTime() - launched) / 1e9;
            long startCalls = proxy.snapshot().values().stream().mapToLong(Long::longValue).sum();
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
                throw new IllegalStateException(jar + " showed " + count + " runs of " + notebook + ": " + page.body().substring(0, Math.min(300, page.body().length())));
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
            return new Result(start, startCalls, rss, rss(process.pid()), calls, newest, again, idle, null);
        } finally {
            process.destroy();
            process.waitFor();
            proxy.close();
            deleteTree(workspace);
        }
    }

    /**
     * A sidecar that died or did not answer in time: how far it got (manifests read, RSS), and the
     * start its reading rate projects for the whole bucket, which is a projection, not a measure.
     */
    static Result notStarted(Process process, CountingProxy proxy, Path errors, long launched, int size) throws Exception {
        double elapsed = (System.nanoTime() - launched) / 1e9;
        long reads = proxy.snapshot().getOrDefault("read", 0L);
        String how;
        if (process.isAlive()) {
            how = String.format("did not start within %.0f s (RSS %d MB, %,d manifests read, %.0f a second: all %,d would take %.0f s, projected)%s",
                    elapsed, rss(process.pid()), reads, reads / elapsed, size, size / (reads / elapsed),
                    Files.readString(errors).contains("OutOfMemoryError") ? "; OutOfMemoryError in its log" : "");
        } else {
            String log = Files.readString(errors);
            how = String.format("exited with %d after %.0f s, %,d manifests read: %s", process.exitValue(), elapsed, reads,
                    log.lines().filter(line -> line.contains("Error") || line.contains("Exception")).findFirst().orElse(log.strip()));
        }
        return new Result(elapsed, 0, 0, 0, 0, 0, 0, Map.of(), how);
    }

    static HttpResponse<String> get(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the sidecar answers 200 within 10 s (a sidecar still reading its store may hold the request, or refuse it when dying). */
    static boolean answers(String uri) throws Exception {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).timeout(java.time.Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException notYet) {
            return false;
        }
    }

    static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- the synthetic bucket

    /**
     * Runs a year back from now, one every (year / size), round-robin over the users' notebooks, with
     * every tenth of the newest 1,500 in the notebook the bench shows; each with its manifest under
     * runs/ and its two index entries (a real run also has its input, executed notebook, log and
     * artifacts, which only today's code lists: its figures here are a lower bound).
     */
    static int writeBucket(SortedBucketServer bucket, int size) throws Exception {
        Random random = new Random(size);
        Instant now = Instant.now();
        long step = 365L * 24 * 3600 * 1000 / size;
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
            Instant written = at.plusSeconds(65);
            bucket.put(TEAM + "runs/bench/" + notebook + "/" + run.id() + "/manifest.json", RunHistory.JSON.writeValueAsBytes(run), written);
            RunIndex.Entry entry = new RunIndex.Entry(run.id(), "bench", notebook);
            for (String key : List.of(RunIndex.allKey(entry), RunIndex.notebookKey(entry))) {
                bucket.put(TEAM + key, new byte[0], written);
            }
        }
        bucket.put(TEAM + RunIndex.MARKER, "{\"layout\": 2}\n".getBytes(StandardCharsets.UTF_8), now);
        return bucket.objects.size();
    }

    /** The folder of the bucket the sidecars use ([store] prefix). */
    static final String TEAM = "team/";

    // ---------------------------------------------------------------- the bucket, served as GCS serves it

    /**
     * One bucket in a sorted map, served over the part of GCS's JSON API the sidecars use: listing
     * (prefix, startOffset, pageToken, maxResults, at most 1,000 a page), an object's metadata, its
     * bytes. Like GCS, and unlike fake-gcs-server, a request costs the page it answers, not the
     * bucket: fake-gcs-server's memory backend finds an object by comparing it with every one it holds
     * (a bucket of 300,000 objects loads in quadratic time and every read scans it), and its filesystem
     * backend walks the whole bucket folder for every listing, whatever the prefix (1.3–2.7 s a listing
     * at 30,000 objects on this machine, loaded), which would time the emulator, not the sidecar.
     */
    static final class SortedBucketServer implements AutoCloseable {
        record StoredObject(byte[] data, long generation, String crc32c, String md5, String time) {
        }

        final String bucket;
        final java.util.concurrent.ConcurrentSkipListMap<String, StoredObject> objects = new java.util.concurrent.ConcurrentSkipListMap<>();
        final com.sun.net.httpserver.HttpServer server;
        final int port;

        SortedBucketServer(String bucket) throws Exception {
            this.bucket = bucket;
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/", this::answer);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
            server.start();
            port = server.getAddress().getPort();
        }

        /** Keys are ordered as GCS orders names: by their UTF-8 bytes, which for these ASCII keys is String order. */
        void put(String name, byte[] data, Instant at) throws Exception {
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(data);
            objects.put(name, new StoredObject(data, at.getEpochSecond() * 1_000_000 + at.getNano() / 1000,
                    Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()),
                    Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(data)), at.toString()));
        }

        void answer(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
            try (exchange) {
                // Bytes come from /download/storage/v1/..., as the client asks for them, or /storage/v1/...?alt=media.
                String path = exchange.getRequestURI().getRawPath().replaceFirst("^/download/", "/");
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                String objectsPath = "/storage/v1/b/" + bucket + "/o";
                if (!exchange.getRequestMethod().equals("GET")) {
                    send(exchange, 501, "application/json", error(501, exchange.getRequestMethod() + " is not served by the bench's bucket"));
                } else if (path.equals(objectsPath)) {
                    send(exchange, 200, "application/json", list(query).getBytes(StandardCharsets.UTF_8));
                } else if (path.startsWith(objectsPath + "/")) {
                    String name = java.net.URLDecoder.decode(path.substring(objectsPath.length() + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
                    StoredObject found = objects.get(name);
                    if (found == null) {
                        send(exchange, 404, "application/json", error(404, "No such object: " + bucket + "/" + name));
                    } else if ("media".equals(query.get("alt"))) {
                        exchange.getResponseHeaders().add("x-goog-generation", String.valueOf(found.generation));
                        exchange.getResponseHeaders().add("x-goog-metageneration", "1");
                        exchange.getResponseHeaders().add("x-goog-hash", "crc32c=" + found.crc32c + ",md5=" + found.md5);
                        send(exchange, 200, "application/octet-stream", found.data);
                    } else {
                        send(exchange, 200, "application/json", json(name, found).getBytes(StandardCharsets.UTF_8));
                    }
                } else {
                    send(exchange, 404, "application/json", error(404, "not served by the bench's bucket: " + path));
                }
            }
        }

        String list(Map<String, String> query) {
            String prefix = query.getOrDefault("prefix", "");
            int pageSize = Math.min(1000, Integer.parseInt(query.getOrDefault("maxResults", "1000")));
            String from = prefix;
            for (String start : new String[] {query.get("startOffset"), query.get("pageToken")}) {
                if (start != null && start.compareTo(from) > 0) {
                    from = start;
                }
            }
            StringBuilder out = new StringBuilder("{\"kind\":\"storage#objects\",\"items\":[");
            int count = 0;
            for (Map.Entry<String, StoredObject> e : objects.tailMap(from, true).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                if (count == pageSize) {
                    return out.append("],\"nextPageToken\":\"").append(e.getKey()).append("\"}").toString();
                }
                out.append(count++ == 0 ? "" : ",").append(json(e.getKey(), e.getValue()));
            }
            return out.append("]}").toString();
        }

        String json(String name, StoredObject o) {
            return "{\"kind\":\"storage#object\",\"id\":\"" + bucket + "/" + name + "/" + o.generation + "\",\"name\":\"" + name + "\",\"bucket\":\""
                    + bucket + "\",\"generation\":\"" + o.generation + "\",\"metageneration\":\"1\",\"contentType\":\"application/octet-stream\","
                    + "\"storageClass\":\"STANDARD\",\"size\":\"" + o.data.length + "\",\"md5Hash\":\"" + o.md5 + "\",\"crc32c\":\"" + o.crc32c
                    + "\",\"etag\":\"" + o.md5 + "\",\"timeCreated\":\"" + o.time + "\",\"updated\":\"" + o.time + "\"}";
        }

        static byte[] error(int code, String message) {
            return ("{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}").getBytes(StandardCharsets.UTF_8);
        }

        static Map<String, String> query(String raw) {
            Map<String, String> query = new java.util.HashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        query.put(pair.substring(0, equals), java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            return query;
        }

        static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String type, byte[] body) throws java.io.IOException {
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    // ---------------------------------------------------------------- counting the sidecar's store requests

    /** A TCP proxy to the bucket that counts HTTP requests by kind from their request lines. */
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
