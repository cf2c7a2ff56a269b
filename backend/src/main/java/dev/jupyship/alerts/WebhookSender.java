package dev.jupyship.alerts;

import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.json.Jsons;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Posts alerts to their webhooks from one daemon thread, so that nothing that raises an alert (a
 * run's end) waits for a webhook: {@link #submit} only queues (a bounded queue; a full one drops the
 * alert with a warning). Each event goes to each webhook that wants its kind at most once, across
 * every process sharing the store: before posting, the sender claims the event in the store
 * ({@code alerts/sent/<webhook id>/<event>}, written only if absent); whoever wrote it first posts,
 * the others skip. A process that stops between claiming and posting loses that alert: one missing
 * alert, never two of the same. The claim then records the outcome.
 *
 * <p>A try that fails on the way (no connection, no answer within the timeout) or that the webhook
 * answers with 5xx or 429 is tried again, after a wait that doubles (a {@code Retry-After} is
 * honoured up to the longest wait), up to the configured attempts; any other 4xx is final. Logs and
 * records name a webhook by its number and host, never its URL.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    /** Where claims are kept in the store. */
    static final String SENT = "alerts/sent/";
    /** Event keys remembered in memory, so that the same event raised again (a periodic check) costs no store request. */
    private static final int REMEMBERED = 10_000;

    private final AlertsConfig config;
    private final ArtifactStore store;
    private final AlertSettings settings;
    private final HttpClient http;
    private final BlockingQueue<AlertEvent> queue;
    private final Set<String> submitted = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));
    private final String process = ProcessHandle.current().pid() + "@" + hostName();
    private final Thread thread;
    private volatile boolean closed;

    WebhookSender(AlertsConfig config, ArtifactStore store, AlertSettings settings) {
        this.config = config;
        this.store = store;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.thread = new Thread(this::deliverQueued, "alerts-sender");
        thread.setDaemon(true);
        thread.start();
    }

    /** The machine's name as the environment has it: asking the resolver can hang where DNS is broken. */
    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        return name == null || name.isBlank() ? "localhost" : name;
    }

    /** Queues the event for its webhooks, without waiting; false when it was raised before, nobody wants it, or the queue is full. */
    boolean submit(AlertEvent event) {
        if (closed || config.webhooks().stream().noneMatch(hook -> hook.wants(event.kind())) || !submitted.add(event.key())) {
            return false;
        }
        if (!queue.offer(event)) {
            submitted.remove(event.key());
            LOG.warning(() -> "alert " + event.key() + " dropped: " + settings.queueCapacity() + " alerts are already waiting to be sent");
            return false;
        }
        return true;
    }

    private void deliverQueued() {
        try {
            while (!closed || !queue.isEmpty()) {
                AlertEvent event = queue.poll(100, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                for (Webhook webhook : config.webhooks()) {
                    if (webhook.wants(event.kind())) {
                        deliver(webhook, event);
                    }
                }
            }
        } catch (InterruptedException stopped) {
            int left = queue.size();
            if (left > 0) {
                LOG.warning(left + " alert(s) not sent: the process stopped before their turn");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "the alert sender stopped", e);
        }
    }

    /** One event to one webhook: claimed in the store, posted, and the outcome recorded on the claim. */
    private void deliver(Webhook webhook, AlertEvent event) throws InterruptedException {
        String key = claimKey(webhook, event);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("key", event.key());
        record.put("kind", event.kind().label());
        record.put("webhook", webhook.toString());
        record.put("by", process);
        record.put("claimedAt", Instant.now(settings.clock()).toString());
        Optional<String> claimed = claim(webhook, event, key, record);
        if (claimed.isEmpty()) {
            return;
        }
        Delivery delivery = post(webhook, event);
        record.put("outcome", delivery.outcome());
        record.put("attempts", delivery.attempts());
        try {
            store.putIfVersion(key, Jsons.MAPPER.writeValueAsBytes(record), claimed.get());
        } catch (IOException e) {
            LOG.fine(() -> "the outcome of alert " + event.key() + " to " + webhook + " was not recorded: " + e.getMessage());
        }
    }

    /** The claim's version, or empty when another process (or an earlier life of this one) has it, or the store did not answer. */
    private Optional<String> claim(Webhook webhook, AlertEvent event, String key, Map<String, Object> record) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<String> claimed = store.putIfVersion(key, Jsons.MAPPER.writeValueAsBytes(record), null);
                if (claimed.isEmpty()) {
                    LOG.fine(() -> "alert " + event.key() + " to " + webhook + " was sent already (claimed in the store)");
                }
                return claimed;
            } catch (IOException e) {
                if (attempt >= config.attempts()) {
                    LOG.warning("alert " + event.key() + " not sent to " + webhook + ": the store did not answer (" + e.getMessage()
                            + "), so whether another process sent it is unknown, and an alert is never sent twice");
                    return Optional.empty();
                }
                Thread.sleep(settings.backoff(attempt).toMillis());
            }
        }
    }

    /** What became of an event at one webhook. */
    record Delivery(boolean delivered, String outcome, int attempts) {
    }

    private Delivery post(Webhook webhook, AlertEvent event) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(webhook.url()).timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "jupyship-alerts")
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.format().body(event))).build();
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Duration wait = settings.backoff(attempt);
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    if (attempt > 1) {
                        LOG.info("alert " + event.key() + " sent to " + webhook + " on try " + attempt + " (before: " + failures + ")");
                    }
                    return new Delivery(true, "delivered", attempt);
                }
                String answer = "HTTP " + status + answerText(webhook, response.body());
                if (status != 429 && status < 500) {
                    LOG.warning("alert " + event.key() + " not sent to " + webhook + ": it answered " + answer + ", which trying again "
                            + "will not change (check the webhook's URL and format)");
                    return new Delivery(false, "refused: " + answer, attempt);
                }
                failures.add(answer);
                wait = retryAfter(response).map(after -> after.compareTo(settings.maxBackoff()) <= 0 ? after : settings.maxBackoff())
                        .orElse(wait);
            } catch (IOException e) {
                failures.add(webhook.redact(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            }
            if (attempt >= config.attempts()) {
                LOG.warning("alert " + event.key() + " not sent to " + webhook + " after " + attempt + " tries: " + failures);
                return new Delivery(false, "gave up: " + failures.get(failures.size() - 1), attempt);
            }
            Thread.sleep(wait.toMillis());
        }
    }

    /** The start of a webhook's answer to a refused post (Slack says why: "invalid_payload"), without the URL should it echo it. */
    private static String answerText(Webhook webhook, String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().lines().findFirst().orElse("");
        return " (" + webhook.redact(line.length() > 200 ? line.substring(0, 200) + "…" : line) + ")";
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
            } catch (NumberFormatException dateOrJunk) {
                return Optional.empty();
            }
        });
    }

    /**
     * {@code alerts/sent/<webhook id>/<event key>}: the event key made one safe store name (its readable
     * part, then a digest of the whole, so that two keys never share a name).
     */
    static String claimKey(Webhook webhook, AlertEvent event) {
        String readable = event.key().replaceAll("[^A-Za-z0-9._-]", "_");
        if (readable.length() > 100) {
            readable = readable.substring(0, 100);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(event.key().getBytes(StandardCharsets.UTF_8));
            return SENT + webhook.id() + "/" + readable + "~" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Sends what is queued, waiting up to the close wait for it (and for retries under way), then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(settings.closeWait().toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
