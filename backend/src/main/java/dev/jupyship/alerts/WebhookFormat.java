package dev.jupyship.alerts;

import dev.jupyship.errors.BadInput;
import dev.jupyship.json.Jsons;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body an alert is posted as: {@code slack}, a message Slack's incoming webhooks (and the chat
 * tools that copy them: Mattermost, Rocket.Chat, Discord's /slack endpoint) show ({@code text}, with
 * {@code blocks} for Slack itself); {@code json}, the event itself ({@link AlertEvent#asJson()}).
 */
public enum WebhookFormat {
    SLACK, JSON;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static WebhookFormat parse(String text, String where) {
        for (WebhookFormat format : values()) {
            if (format.label().equals(text)) {
                return format;
            }
        }
        throw new BadInput(where + ": format '" + text + "' is not one of slack, json");
    }

    public byte[] body(AlertEvent event) {
        Object body = this == JSON ? event.asJson() : slack(event);
        try {
            return Jsons.MAPPER.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("an alert's payload is plain data", e);
        }
    }

    private static Map<String, Object> slack(AlertEvent event) {
        String where = event.project() + " · " + event.notebook() + (event.run() == null ? "" : " · run " + event.run());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", escaped(event.kind().title() + ": " + event.summary() + " (" + where + ")"));
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn",
                "text", "*" + event.kind().title() + "*\n" + escaped(event.summary()))));
        Object reasons = event.details().get("reasons");
        if (reasons instanceof List<?> list && !list.isEmpty()) {
            StringBuilder bullets = new StringBuilder();
            list.forEach(reason -> bullets.append("• ").append(escaped(String.valueOf(reason))).append('\n'));
            blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", bullets.toString().strip())));
        }
        blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", escaped(where)))));
        message.put("blocks", blocks);
        return message;
    }

    /** Slack's mrkdwn reads {@code &}, {@code <} and {@code >} as markup: a notebook's exception text must not become a link. */
    static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
