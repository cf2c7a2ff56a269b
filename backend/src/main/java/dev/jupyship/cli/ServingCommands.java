package dev.jupyship.cli;

import dev.jupyship.json.Jsons;
import dev.jupyship.serving.ServingAlerts;
import dev.jupyship.serving.ServingPlan;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jupyship serving}: what the serving process ({@code image/start serve}) asks of the workspace:
 * the store and project to follow a champion in ({@code plan}), and the alert for a model it refused
 * ({@code refused}). People start serving with {@code image/start serve}, not with these.
 */
@Command(name = "serving", hidden = true, description = "Helpers of image/start serve.",
        subcommands = {ServingCommands.Plan.class, ServingCommands.Refused.class})
final class ServingCommands {

    abstract static class OnNotebook implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NOTEBOOK", description = "The notebook, relative to the workspace.")
        String notebook;

        @Option(names = {"-w", "--workspace"}, description = "The workspace (default: current folder).")
        Path workspace = Path.of(".");

        @Option(names = "--model", paramLabel = "NAME", description = "The model's name (default: the notebook's contract's, else model).")
        String model;
    }

    @Command(name = "plan", description = "The store, project and model to serve the notebook's champion from, as JSON.")
    static final class Plan extends OnNotebook {
        @Override
        public Integer call() throws Exception {
            ServingPlan plan = ServingPlan.of(workspace.toAbsolutePath().normalize(), notebook, model, System.getenv());
            spec.commandLine().getOut().println(Jsons.MAPPER.writeValueAsString(plan));
            return 0;
        }
    }

    @Command(name = "refused", description = "Tell the [alerts] webhooks that a run's model was not served, and why.")
    static final class Refused extends OnNotebook {
        @Option(names = "--run", required = true, paramLabel = "RUN")
        String run;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Override
        public Integer call() throws Exception {
            boolean sent = ServingAlerts.send(workspace, notebook, model == null ? "model" : model, run, reason, System.getenv());
            spec.commandLine().getOut().println(sent ? "alert sent" : "no alert: none configured, or sent before");
            return 0;
        }
    }
}
