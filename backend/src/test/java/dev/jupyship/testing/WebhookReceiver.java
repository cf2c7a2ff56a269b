package dev.jupyship.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP receiver for webhooks (the JDK's server on a free loopback port), at a secret path as
 * Slack's webhooks have: it records every request and answers as scripted ({@link #answer}), then 200.
 * <pre>
 * try (WebhookReceiver receiver = WebhookReceiver.start()) {
 *     ... receiver.url() ...
 *     receiver.awaitRequests(1);
 * }
 * </pre>
 */
public final class WebhookReceiver implements AutoCloseable {

    /** The path's secret part: a test checks it never leaves the webhook's URL. */
    public static final String SECRET = "T0123ABCD/B0456EFGH/XoXoSeCrEtToKeN42";

    /** A request as received. */
    public record Received(String method, String path, Map<String, List<String>> headers, String body, long atNanos) {
    }

    private record Answer(int status, Map<String, String> headers, Duration delay) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8), System.nanoTime()));
            Answer answer = script.poll();
            if (answer != null && !answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis()); // a webhook that does not answer in time
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = answer == null ? 200 : answer.status();
            if (answer != null) {
                answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            }
            byte[] text = (status == 200 ? "ok" : "status " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, text.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(text);
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    public static WebhookReceiver start() throws IOException {
        return new WebhookReceiver();
    }

    /** The next requests are answered with these statuses, in order; after them, 200. */
    public WebhookReceiver answer(int... statuses) {
        for (int status : statuses) {
            script.add(new Answer(status, Map.of(), Duration.ZERO));
        }
        return this;
    }

    /** The next request is answered with the status and headers ({@code Retry-After}). */
    public WebhookReceiver answer(int status, Map<String, String> headers) {
        script.add(new Answer(status, headers, Duration.ZERO));
        return this;
    }

    /** The next request is answered (200) only after the delay: a webhook that times out. */
    public WebhookReceiver stall(Duration delay) {
        script.add(new Answer(200, Map.of(), delay));
        return this;
    }

    /** The webhook's URL, secret path included. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/" + SECRET;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Returns once at least {@code count} requests came; fails after {@link HangGuard#LIMIT}. */
    public List<Received> awaitRequests(int count) throws InterruptedException {
        HangGuard.until(count + " webhook request(s), got " + received.size(), () -> received.size() >= count);
        return received();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
