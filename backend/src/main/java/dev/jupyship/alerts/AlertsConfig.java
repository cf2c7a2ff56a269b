package dev.jupyship.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.errors.BadInput;
import dev.jupyship.json.TomlTrees;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [alerts]} section of the configuration file deploy reads ({@link DeployConfig#source()}):
 * <pre>
 * [alerts]
 * run_too_long_factor = 3.0      # optional: a run is too long past 3 × the median duration of the notebook's recent succeeded runs
 * run_too_long_minutes = 120     # optional: the limit for a notebook without such a history (fewer than 3 succeeded runs)
 * attempts = 5                   # optional: tries per webhook and event, backing off between them
 * timeout_seconds = 10           # optional: how long one try waits for an answer
 *
 * [[alerts.webhook]]
 * url_env = "SLACK_WEBHOOK_URL"  # the variable holding the URL (keeps the secret out of git); or url = "https://..."
 * format = "slack"               # slack | json (default)
 * events = ["run_failed", "metric_out_of_bounds", "not_promoted", "run_too_long", "schedule_missed", "model_not_served"]   # default: all
 * </pre>
 * Without the section nothing is sent and nothing starts. A setting that cannot work is refused,
 * naming the file, the webhook and the field; a URL is never shown, not even a bad one.
 *
 * @param runTooLongFactor  how many times its notebook's median duration a run may take
 * @param runTooLongMinutes the fixed limit for a notebook without enough history, or null for none
 */
public record AlertsConfig(List<Webhook> webhooks, double runTooLongFactor, Integer runTooLongMinutes, int attempts,
                           Duration timeout, String source) {

    static final double DEFAULT_FACTOR = 3.0;
    static final int DEFAULT_ATTEMPTS = 5;
    static final int DEFAULT_TIMEOUT_SECONDS = 10;
    private static final Set<String> SETTINGS = Set.of("webhook", "run_too_long_factor", "run_too_long_minutes", "attempts", "timeout_seconds");
    private static final Set<String> WEBHOOK_SETTINGS = Set.of("url", "url_env", "format", "events");

    public AlertsConfig {
        webhooks = List.copyOf(webhooks);
    }

    /** The {@code [alerts]} section of the file the deploy configuration was read from; empty without one. */
    public static Optional<AlertsConfig> load(DeployConfig deploy, Map<String, String> env) throws IOException {
        Path file = deploy.source() == null || deploy.source().equals(DeployConfig.defaults().source()) ? null : Path.of(deploy.source());
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = TomlTrees.read(Files.readString(file));
        } catch (IOException e) {
            throw new BadInput(file + ": not valid TOML: " + e.getMessage(), e);
        }
        return parse(root.path("alerts"), file.toString(), env);
    }

    /** The section read from its tree ({@code [alerts]} of a TOML file); empty when it is missing. */
    static Optional<AlertsConfig> parse(JsonNode alerts, String source, Map<String, String> env) {
        if (alerts.isMissingNode()) {
            return Optional.empty();
        }
        if (!alerts.isObject()) {
            throw new BadInput(source + ": alerts must be a table ([alerts])");
        }
        unknown(alerts, SETTINGS, source + ": [alerts]");
        JsonNode hooks = alerts.path("webhook");
        List<JsonNode> tables = new ArrayList<>();
        if (hooks.isObject()) {
            tables.add(hooks);
        } else if (hooks.isArray()) {
            hooks.forEach(tables::add);
        } else if (!hooks.isMissingNode()) {
            throw new BadInput(source + ": [alerts] webhook must be a list of tables ([[alerts.webhook]])");
        }
        if (tables.isEmpty()) {
            throw new BadInput(source + ": [alerts] has no webhook to send to: add a [[alerts.webhook]] with url_env (or url), "
                    + "or remove [alerts]");
        }
        List<Webhook> webhooks = new ArrayList<>();
        for (JsonNode table : tables) {
            webhooks.add(webhook(table, webhooks.size() + 1, source, env));
        }
        double factor = number(alerts, "run_too_long_factor", DEFAULT_FACTOR, source);
        if (!(factor > 1)) {
            throw new BadInput(source + ": [alerts] run_too_long_factor must be a number above 1, not " + factor);
        }
        Integer minutes = alerts.has("run_too_long_minutes") ? whole(alerts, "run_too_long_minutes", 0, 1, 10_080, source) : null;
        int attempts = whole(alerts, "attempts", DEFAULT_ATTEMPTS, 1, 20, source);
        int timeout = whole(alerts, "timeout_seconds", DEFAULT_TIMEOUT_SECONDS, 1, 300, source);
        return Optional.of(new AlertsConfig(webhooks, factor, minutes, attempts, Duration.ofSeconds(timeout), source));
    }

    private static Webhook webhook(JsonNode table, int number, String source, Map<String, String> env) {
        String where = source + ": [[alerts.webhook]] " + number;
        if (!table.isObject()) {
            throw new BadInput(where + " must be a table");
        }
        unknown(table, WEBHOOK_SETTINGS, where);
        String literal = text(table, "url", where);
        String variable = text(table, "url_env", where);
        if ((literal == null) == (variable == null)) {
            throw new BadInput(where + ": set exactly one of url_env (the environment variable holding the URL, "
                    + "which keeps the secret out of git) and url");
        }
        String url = literal;
        if (variable != null) {
            url = env.get(variable);
            if (url == null || url.isBlank()) {
                throw new BadInput(where + ": url_env names " + variable + ", which is not set in the sidecar's environment");
            }
        }
        String named = variable != null ? "the URL in " + variable : "url";
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new BadInput(where + ": " + named + " is not a URL (not shown: it may hold a secret)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new BadInput(where + ": " + named + " must be an http(s) URL with a host and no user name "
                    + "(not shown: it may hold a secret)");
        }
        String format = text(table, "format", where);
        Set<AlertKind> events = EnumSet.allOf(AlertKind.class);
        JsonNode listed = table.get("events");
        if (listed != null) {
            if (!listed.isArray() || listed.isEmpty()) {
                throw new BadInput(where + ": events must be a list of one or more of " + AlertKind.labels() + " (default: all)");
            }
            events = EnumSet.noneOf(AlertKind.class);
            for (JsonNode event : listed) {
                events.add(AlertKind.parse(event.asText(), where + " events"));
            }
        }
        return new Webhook(number, uri, format == null ? WebhookFormat.JSON : WebhookFormat.parse(format, where), events);
    }

    private static void unknown(JsonNode table, Set<String> known, String where) {
        for (Iterator<String> names = table.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new BadInput(where + ": unknown setting '" + name + "': one of " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode table, String key, String where) {
        JsonNode value = table.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new BadInput(where + ": " + key + " must be a non-empty string");
        }
        return value.asText().strip();
    }

    private static double number(JsonNode table, String key, double fallback, String where) {
        JsonNode value = table.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new BadInput(where + ": [alerts] " + key + " must be a number, not " + value);
        }
        return value.asDouble();
    }

    private static int whole(JsonNode table, String key, int fallback, int least, int most, String where) {
        JsonNode value = table.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < least || value.asInt() > most) {
            throw new BadInput(where + ": [alerts] " + key + " must be a whole number from " + least + " to " + most + ", not " + value);
        }
        return value.asInt();
    }
}
