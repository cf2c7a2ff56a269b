package dev.jupyship.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.errors.BadInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [alerts]} section: what it reads, its defaults, and a clear refusal naming the field for each mistake, never the URL. */
class AlertsConfigTest {

    private static final String SECRET_URL = "https://hooks.slack.com/services/T000/B000/TopSecretPath";

    @TempDir
    Path workspace;

    private Optional<AlertsConfig> load(String toml, Map<String, String> env) throws Exception {
        Files.writeString(workspace.resolve(DeployConfig.FILE), toml);
        return AlertsConfig.load(DeployConfig.load(workspace, env), env);
    }

    @Test
    void readsWebhooksAndLimitsWithTheSecretFromTheEnvironment() throws Exception {
        AlertsConfig config = load("""
                [deploy]
                project = "churn"
                [alerts]
                run_too_long_factor = 2.5
                run_too_long_minutes = 90
                attempts = 3
                timeout_seconds = 4
                [[alerts.webhook]]
                url_env = "SLACK_WEBHOOK_URL"
                format = "slack"
                events = ["run_failed", "metric_out_of_bounds"]
                [[alerts.webhook]]
                url = "http://127.0.0.1:9000/alerts"
                """, Map.of("SLACK_WEBHOOK_URL", SECRET_URL)).orElseThrow();
        assertEquals(2, config.webhooks().size());
        Webhook slack = config.webhooks().get(0);
        assertEquals(SECRET_URL, slack.url().toString());
        assertEquals(WebhookFormat.SLACK, slack.format());
        assertEquals(Set.of(AlertKind.RUN_FAILED, AlertKind.METRIC_OUT_OF_BOUNDS), slack.events());
        Webhook plain = config.webhooks().get(1);
        assertEquals(WebhookFormat.JSON, plain.format(), "json is the default format");
        assertEquals(EnumSet.allOf(AlertKind.class), plain.events(), "every event by default");
        assertEquals(2.5, config.runTooLongFactor());
        assertEquals(90, config.runTooLongMinutes());
        assertEquals(3, config.attempts());
        assertEquals(Duration.ofSeconds(4), config.timeout());
        assertEquals("webhook 1 (hooks.slack.com)", slack.toString());
        assertFalse(config.toString().contains("TopSecretPath"), "a configuration printed shows no URL: " + config);
        assertFalse(slack.id().contains("TopSecret"));
    }

    @Test
    void defaultsAndNoSection() throws Exception {
        AlertsConfig config = load("[[alerts.webhook]]\nurl = \"https://example.com/hook\"\n", Map.of()).orElseThrow();
        assertEquals(AlertsConfig.DEFAULT_FACTOR, config.runTooLongFactor());
        assertNull(config.runTooLongMinutes(), "no fixed limit unless asked for");
        assertEquals(AlertsConfig.DEFAULT_ATTEMPTS, config.attempts());
        assertEquals(Duration.ofSeconds(AlertsConfig.DEFAULT_TIMEOUT_SECONDS), config.timeout());

        assertTrue(load("[deploy]\ntarget = \"dev\"\n", Map.of()).isEmpty(), "no [alerts]: no alerts");
        assertTrue(AlertsConfig.load(DeployConfig.defaults(), Map.of()).isEmpty(), "no configuration file: no alerts");
    }

    @Test
    void eachMistakeIsRefusedNamingItsField() throws Exception {
        String hook = "[[alerts.webhook]]\nurl = \"https://example.com/hook\"\n";
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("[alerts]\n", "[alerts] has no webhook to send to");
        refusals.put("[alerts]\nwebhook = \"https://example.com\"\n", "[alerts] webhook must be a list of tables");
        refusals.put("[[alerts.webhook]]\nformat = \"slack\"\n", "[[alerts.webhook]] 1: set exactly one of url_env");
        refusals.put("[[alerts.webhook]]\nurl = \"https://a.example/TopSecretPath\"\nurl_env = \"X\"\n", "set exactly one of url_env");
        refusals.put(hook + "[[alerts.webhook]]\nurl_env = \"NOT_SET_HERE\"\n",
                "[[alerts.webhook]] 2: url_env names NOT_SET_HERE, which is not set in the sidecar's environment");
        refusals.put("[[alerts.webhook]]\nurl = \"ftp://files.example/TopSecretPath\"\n", "url must be an http(s) URL with a host");
        refusals.put("[[alerts.webhook]]\nurl = \"https://user:TopSecretPath@example.com/x\"\n", "url must be an http(s) URL with a host and no user");
        refusals.put("[[alerts.webhook]]\nurl = \"https://exa mple.com/TopSecretPath\"\n", "url is not a URL (not shown");
        refusals.put("[[alerts.webhook]]\nurl_env = \"BAD_URL\"\n", "the URL in BAD_URL must be an http(s) URL");
        refusals.put("[[alerts.webhook]]\nurl = \"https://example.com/h\"\nformat = \"teams\"\n", "format 'teams' is not one of slack, json");
        refusals.put("[[alerts.webhook]]\nurl = \"https://example.com/h\"\nevents = [\"run_failed\", \"run_exploded\"]\n",
                "[[alerts.webhook]] 1 events: unknown event 'run_exploded': one of run_failed, metric_out_of_bounds");
        refusals.put("[[alerts.webhook]]\nurl = \"https://example.com/h\"\nevents = []\n", "events must be a list of one or more");
        refusals.put("[[alerts.webhook]]\nurl = \"https://example.com/h\"\nevent = [\"run_failed\"]\n",
                "[[alerts.webhook]] 1: unknown setting 'event'");
        refusals.put("[alerts]\nretries = 3\n" + hook, "[alerts]: unknown setting 'retries'");
        refusals.put("[alerts]\nrun_too_long_factor = 0.5\n" + hook, "run_too_long_factor must be a number above 1, not 0.5");
        refusals.put("[alerts]\nrun_too_long_factor = \"3\"\n" + hook, "run_too_long_factor must be a number");
        refusals.put("[alerts]\nrun_too_long_minutes = 0\n" + hook, "run_too_long_minutes must be a whole number from 1 to 10080, not 0");
        refusals.put("[alerts]\nattempts = 50\n" + hook, "attempts must be a whole number from 1 to 20, not 50");
        refusals.put("[alerts]\ntimeout_seconds = 1.5\n" + hook, "timeout_seconds must be a whole number");
        Map<String, String> env = Map.of("BAD_URL", "mailto:TopSecretPath@example.com");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            BadInput refused = assertThrows(BadInput.class, () -> load(refusal.getKey(), env), refusal.getKey());
            String message = refused.getMessage();
            assertTrue(message.startsWith(workspace.resolve(DeployConfig.FILE) + ": "), message);
            assertTrue(message.contains(refusal.getValue()), message);
            assertFalse(message.contains("TopSecretPath"), "a refusal never shows the URL: " + message);
        }
    }

    @Test
    void theWebhookRedactsItsUrlFromTextThatComesFromElsewhere() throws Exception {
        Webhook hook = AlertsConfig.parse(dev.jupyship.json.TomlTrees.read("[alerts]\n[[alerts.webhook]]\nurl = \""
                + SECRET_URL + "?token=abc123\"\n").path("alerts"), "test", Map.of()).orElseThrow().webhooks().get(0);
        String redacted = hook.redact("failed: " + SECRET_URL + "?token=abc123 and again /services/T000/B000/TopSecretPath");
        assertFalse(redacted.contains("TopSecretPath") || redacted.contains("abc123"), redacted);
        assertTrue(redacted.contains("webhook 1 (hooks.slack.com)"), redacted);
    }
}
