package dev.jupyship.serving;

import dev.jupyship.alerts.AlertEvent;
import dev.jupyship.alerts.AlertKind;
import dev.jupyship.alerts.Alerts;
import dev.jupyship.alerts.AlertsConfig;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.errors.BadInput;
import dev.jupyship.workspace.PathNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code model_not_served} alert: a serving process found a new champion it could not serve (its
 * model did not load, or failed on the contract's sample input) and kept the model it had. One alert
 * per run and model, however many serving replicas saw it (the alerts' claims in the store).
 */
public final class ServingAlerts {

    private ServingAlerts() {
    }

    /** The event; {@code reason} is the serving process's sentence. */
    public static AlertEvent notServed(String project, String notebook, String model, String run, String reason, Instant at) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", model);
        details.put("reason", reason);
        String summary = notebook + " (model '" + model + "'): run " + run + " was not served: " + reason;
        return new AlertEvent(AlertKind.MODEL_NOT_SERVED, AlertKind.MODEL_NOT_SERVED.label() + ":" + model + ":" + run, project, notebook, run,
                summary, details, at);
    }

    /**
     * Sends the alert to the workspace's {@code [alerts]} webhooks, waiting (bounded) for them; false when
     * the configuration has none or the event was sent before.
     */
    public static boolean send(Path workspace, String notebook, String model, String run, String reason, Map<String, String> env)
            throws IOException {
        if (!RunLayout.isId(run)) {
            throw new BadInput("'" + PathNames.printable(run) + "' is not a run id (like 20261128T023000Z-ab12cd)");
        }
        Path root = workspace.toAbsolutePath().normalize();
        DeployConfig config = DeployConfig.load(root, env);
        Optional<AlertsConfig> alerts = AlertsConfig.load(config, env);
        if (alerts.isEmpty()) {
            return false;
        }
        RunHistory history = Deployer.history(root, config);
        try (Alerts sender = Alerts.sending(alerts.get(), history.store())) {
            return sender.raise(notServed(history.project(), PathNames.canonical(notebook), model, run, reason, Instant.now()));
        }
    }
}
