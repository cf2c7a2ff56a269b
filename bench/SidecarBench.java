import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The sidecar as a notebook pod runs it (bin/jupyship serve, with its heap flags), under load and
 * misbehaving clients: health latency while 64 connections lint and 50 clients trickle bytes, then
 * a soak of mixed load with RSS along the way and after an idle minute, then the time SIGTERM takes.
 * Run by bench/sidecar as {@code java bench/SidecarBench.java LAUNCHER CORPUS SOAK_MINUTES}.
 */
public class SidecarBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static volatile int port;

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]);
        Path corpus = Path.of(args[1]);
        double soakMinutes = Double.parseDouble(args[2]);
        Path workspace = Files.createTempDirectory("sidecar-bench");
        List<byte[]> notebooks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".ipynb")).filter(p -> p.toFile().length() < 2_000_000).sorted().limit(60).toList()) {
                String name = "nb" + names.size() + ".ipynb";
                Files.copy(file, workspace.resolve(name));
                names.add(name);
                notebooks.add(Files.readAllBytes(file));
            }
        }
        Process sidecar = new ProcessBuilder(launcher.toString(), "serve", "--workspace", workspace.toString(), "--port", "0").start();
        long pid = sidecar.pid();
        StringBuilder log = new StringBuilder();
        Thread logReader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(sidecar.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        logReader.setDaemon(true);
        logReader.start();
        String first = new BufferedReader(new InputStreamReader(sidecar.getInputStream(), StandardCharsets.UTF_8)).readLine();
        port = Integer.parseInt(first.replaceAll(".*:(\\d+)/api/health.*", "$1"));
        Thread.sleep(5000);
        long rssStart = rss(pid);

        // Health latency under a lint load and slow clients.
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong busy = new AtomicLong();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int client = i;
            load.add(started(() -> {
                int n = client;
                while (running.get()) {
                    int status = post("/api/lint?standard=false", notebooks.get(n++ % notebooks.size()));
                    (status == 200 ? ok : busy).incrementAndGet();
                    if (status == 503) {
                        pause(1000);  // as Retry-After says
                    }
                }
            }));
        }
        List<Thread> slow = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            slow.add(started(() -> trickle(running)));
        }
        pause(5000);
        long[] health = new long[3000];
        for (int i = 0; i < health.length; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri("/api/health")).build(), HttpResponse.BodyHandlers.ofString());
            health[i] = System.nanoTime() - start;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("health answered " + answer.statusCode());
            }
            pause(10);
        }
        running.set(false);
        for (Thread t : load) {
            t.join();
        }
        Arrays.sort(health);
        long lintOk = ok.get();
        long lintBusy = busy.get();
        long rssAfterBurst = rss(pid);

        // Soak: mixed load, a few slow clients, RSS after the first minute and at the end.
        AtomicBoolean soaking = new AtomicBoolean(true);
        ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<Thread> mixed = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            mixed.add(started(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (soaking.get()) {
                    int pick = random.nextInt(100);
                    int n = random.nextInt(notebooks.size());
                    int status;
                    if (pick < 40) {
                        status = post("/api/lint?standard=false", notebooks.get(n));
                    } else if (pick < 45) {
                        status = post("/api/lint?path=" + names.get(n), new byte[0]);
                    } else if (pick < 60) {
                        status = post("/api/lint?standard=false&path=" + names.get(n), new byte[0]);
                    } else if (pick < 75) {
                        status = post("/api/export", notebooks.get(n));
                    } else if (pick < 85) {
                        status = get("/api/rules");
                    } else if (pick < 92) {
                        status = get("/api/runs");
                    } else {
                        status = get("/api/health");
                    }
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                }
            }));
        }
        List<Thread> soakSlow = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            soakSlow.add(started(() -> trickle(soaking)));
        }
        long soakStart = System.nanoTime();
        long minute = (long) Math.min(60_000, soakMinutes * 60_000);
        pause(minute);
        long rssMinute = rss(pid);
        long peak = rssMinute;
        while (System.nanoTime() - soakStart < soakMinutes * 60e9) {
            pause(5000);
            peak = Math.max(peak, rss(pid));
        }
        long rssEnd = rss(pid);
        soaking.set(false);
        for (Thread t : mixed) {
            t.join();
        }
        pause(60_000);
        long rssIdle = rss(pid);

        long stopStart = System.nanoTime();
        sidecar.destroy();
        sidecar.waitFor();
        long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
        String heap;
        synchronized (log) {
            heap = log.toString().replaceAll("(?s).*\\(heap limit (\\d+) MB\\).*", "$1");
        }
        // heap, rss start, after burst, minute 1, end, peak, idle, health p50 p99 max, lint ok, busy, soak statuses, stop
        System.out.println(String.join(" ", heap, mb(rssStart), mb(rssAfterBurst), mb(rssMinute), mb(rssEnd), mb(peak), mb(rssIdle),
                ms(health[health.length / 2]), ms(health[(int) (health.length * 0.99)]), ms(health[health.length - 1]),
                String.valueOf(lintOk), String.valueOf(lintBusy), statuses.toString().replace(" ", ""), String.valueOf(stopMillis),
                String.valueOf(soakMinutes)));
    }

    static Thread started(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static int post(String path, byte[] body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static int get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A client that announces a body and sends a byte of it a second, until the server cuts it off; then again. */
    static void trickle(AtomicBoolean running) {
        while (running.get()) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                while (running.get()) {
                    out.write('{');
                    out.flush();
                    pause(1000);
                }
            } catch (Exception cutOff) {
                pause(100);
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    static String mb(long bytes) {
        return String.valueOf(bytes / (1024 * 1024));
    }

    static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }
}
