package dev.jupyship.alerts;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * One webhook an alert is posted to. Its URL is a secret (a Slack webhook's path is its credential),
 * so the webhook names itself by its number and host only ({@link #toString()}), in logs and messages
 * alike; the URL leaves this record only as the request's address.
 *
 * @param number the webhook's place in the configuration, counted from 1
 * @param url    where to post: a secret
 * @param format {@link WebhookFormat#SLACK} or {@link WebhookFormat#JSON}
 * @param events the kinds it receives
 */
public record Webhook(int number, URI url, WebhookFormat format, Set<AlertKind> events) {

    public Webhook {
        events = Set.copyOf(events);
    }

    public boolean wants(AlertKind kind) {
        return events.contains(kind);
    }

    /**
     * What identifies the webhook in the store's record of sent alerts, the same for every sidecar
     * configured with it: a digest of the URL, which cannot be turned back into the URL.
     */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** "webhook 1 (hooks.slack.com)": how logs and messages name it, never with its path or query. */
    @Override
    public String toString() {
        return "webhook " + number + " (" + url.getHost() + ")";
    }

    /** The text with every trace of the URL replaced by the webhook's name: for messages that come from elsewhere (an exception). */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text.replace(url.toString(), toString());
        String path = url.getRawPath();
        if (path != null && path.length() > 1) {
            redacted = redacted.replace(path, "/…");
        }
        String query = url.getRawQuery();
        if (query != null && !query.isEmpty()) {
            redacted = redacted.replace(query, "…");
        }
        return redacted;
    }
}
