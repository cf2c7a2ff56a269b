package dev.jupyship.cli;

import dev.jupyship.alerts.Alerts;
import dev.jupyship.alerts.AlertsConfig;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.GateRefusal;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.lint.Finding;
import dev.jupyship.promotion.PromotionCompletion;
import dev.jupyship.run.PythonEnvironment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jupyship deploy}, {@code runs}, {@code logs}, {@code cancel}, {@code rerun}, {@code delete}: the deploy
 * surface for terminals, over the workspace's runs (the same store the sidecar uses). The process
 * that deploys owns the run and stores its outcome (the local runner even runs it), so
 * {@code deploy} and {@code rerun} wait for the run's end; interrupted, a Kubernetes run is taken
 * over by the sidecar on this host (within seconds, or when it starts).
 */
final class DeployCommands {

    private DeployCommands() {
    }

    abstract static class Base {
        @Spec
        CommandSpec spec;

        @Option(names = {"-w", "--workspace"}, description = "The workspace (default: current folder).")
        Path workspace = Path.of(".");

        @Option(names = "--venv", paramLabel = "DIR", description = "Python environment with papermill (default: $JUPYSHIP_VENV, else the PATH).")
        Path venv;

        /** The workspace's deployer, alerting as the sidecar does (its alerts are closed with it, sending what is queued). */
        Deployer open() throws Exception {
            Path root = workspace.toAbsolutePath().normalize();
            DeployConfig config = DeployConfig.load(root, System.getenv());
            Optional<AlertsConfig> alerts = AlertsConfig.load(config, System.getenv());
            Deployer deployer = Deployer.open(root, config, venv != null ? PythonEnvironment.ofVenv(venv) : PythonEnvironment.detect());
            PromotionCompletion.register(deployer); // runs the CLI ends are gated as the sidecar's are
            alerts.ifPresent(alerting -> Alerts.attach(deployer, alerting));
            return deployer;
        }

        /** The runs' history alone, for a command that only reads: no cluster, no thread, nothing read yet. */
        RunHistory history() throws Exception {
            Path root = workspace.toAbsolutePath().normalize();
            return Deployer.history(root, DeployConfig.load(root, System.getenv()));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int report(Deployer deployer, RunManifest run) throws InterruptedException {
            PrintWriter out = out();
            out.println("run " + run.id() + " of " + run.notebook() + ": " + run.status().label());
            if (!run.status().isFinal()) {
                run = deployer.await(run.id(), Duration.ofSeconds(deployer.config().timeLimitSeconds() + 60L));
                out.println("run " + run.id() + ": " + run.status().label());
            }
            if (run.failure() != null) {
                out.println("  " + run.failure().summary());
                if (run.failure().source() != null) {
                    out.println("  cell " + run.failure().cell() + ":");
                    run.failure().source().lines().forEach(line -> out.println("    " + line));
                }
                if (run.failure().traceback() != null) {
                    run.failure().traceback().forEach(line -> out.println("  " + line));
                }
            }
            if (run.metrics() != null) {
                out.println("  metrics: " + run.metrics());
            }
            if (run.promotion() != null) {
                out.println("  " + run.promotion().decision().label() + " (model '" + run.promotion().model() + "')");
                run.promotion().reasons().forEach(reason -> out.println("    " + reason));
            }
            out.println("  executed notebook: " + deployer.location(run, "executed.ipynb"));
            return run.status() == RunStatus.SUCCEEDED ? 0 : 1;
        }

        /** The gate's refusal, with each finding that blocks, on stderr. */
        int refused(GateRefusal refusal, String path) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": " + refusal.getMessage());
            for (Finding f : refusal.verdict().blocking()) {
                err.println(path + ":cell " + (f.cell() + 1) + ":" + f.line() + ":" + f.column() + ": " + f.rule() + " ["
                        + f.severity().label() + "] " + f.message());
            }
            return 1;
        }

        /** NAME=VALUE parameters: a value is JSON when it reads as JSON, else text. */
        static Map<String, Object> values(Map<String, String> parameters) {
            Map<String, Object> values = new LinkedHashMap<>();
            parameters.forEach((name, text) -> values.put(name, parse(text)));
            return values;
        }

        private static Object parse(String text) {
            try {
                return dev.jupyship.json.Jsons.MAPPER.readValue(text, Object.class);
            } catch (Exception notJson) {
                return text;
            }
        }
    }

    @Command(name = "deploy", description = "Run a notebook as a tracked batch on the dev cluster (the local runner by default).")
    static final class Deploy extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", description = "The notebook, relative to the workspace.")
        String path;

        @Option(names = {"-p", "--parameter"}, paramLabel = "NAME=VALUE", description = "A parameter (JSON value, or text).")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--ref", description = "A git revision to deploy (default: the working tree).")
        String ref;

        @Option(names = "--force", description = "Deploy despite error-severity lint findings (dev only).")
        boolean force;

        /**
         * Accepted for scripts written for earlier versions: the CLI always follows its run to the end,
         * because the process that deploys owns the run and records its outcome.
         */
        @Option(names = "--wait", hidden = true)
        boolean await;

        @Override
        public Integer call() throws Exception {
            try (Deployer deployer = open()) {
                try {
                    return report(deployer, deployer.deploy(new DeployRequest(path, ref, values(parameters), null, force, null)));
                } catch (GateRefusal refusal) {
                    return refused(refusal, path);
                }
            }
        }
    }

    @Command(name = "runs", description = "List runs, newest first.")
    static final class Runs extends Base implements Callable<Integer> {
        @Option(names = "--notebook", description = "Only this notebook's runs.")
        String notebook;

        @Option(names = "--status", description = "Only runs with this status.")
        String status;

        @Override
        public Integer call() throws Exception {
            RunStatus wanted = status == null ? null : RunStatus.parse(status);
            RunHistory history = history();
            for (RunManifest run : history.list(notebook, wanted)) {
                out().printf("%s  %-9s  %s%s%n", run.id(), run.status().label(), run.notebook(),
                        run.failure() != null ? "  " + run.failure().summary() : run.metrics() != null ? "  " + run.metrics() : "");
            }
            return 0;
        }
    }

    @Command(name = "logs", description = "Print a run's log.")
    static final class Logs extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "RUN")
        String id;

        @Override
        public Integer call() throws Exception {
            // An ended run's log is in the store; only a run in flight needs its cluster, for the live log.
            String log = Deployer.storedLog(history(), id);
            if (log == null) {
                try (Deployer deployer = open()) {
                    log = deployer.log(id);
                }
            }
            out().print(log);
            return 0;
        }
    }

    /** A command on one run: the workspace's deployer opened, the run acted on, the deployer closed. */
    abstract static class OnRun extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "RUN")
        String id;

        abstract int act(Deployer deployer) throws Exception;

        @Override
        public Integer call() throws Exception {
            try (Deployer deployer = open()) {
                return act(deployer);
            }
        }
    }

    @Command(name = "cancel", description = "Cancel a run in flight.")
    static final class Cancel extends OnRun {
        @Override
        int act(Deployer deployer) {
            out().println("run " + id + ": " + deployer.cancel(id).status().label());
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an ended run and every file it stored.")
    static final class Delete extends OnRun {
        @Override
        int act(Deployer deployer) throws Exception {
            deployer.delete(id);
            out().println("run " + id + ": deleted");
            return 0;
        }
    }

    @Command(name = "rerun", description = "Run an old run's inputs (notebook as deployed, parameters) again, as a new run.")
    static final class Rerun extends OnRun {
        @Override
        int act(Deployer deployer) throws Exception {
            return report(deployer, deployer.rerun(id, null));
        }
    }
}
