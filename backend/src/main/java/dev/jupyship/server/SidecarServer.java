package dev.jupyship.server;

import dev.jupyship.alerts.Alerts;
import dev.jupyship.alerts.AlertsConfig;
import dev.jupyship.alerts.ScheduleAlerts;
import dev.jupyship.api.ApiContext;
import dev.jupyship.api.CommandLineHandoff;
import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ServerLimits;
import dev.jupyship.api.ServerWork;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.DeploySettings;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.DeployerSlot;
import dev.jupyship.errors.BadInput;
import dev.jupyship.promotion.PromotionCompletion;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.schedule.CronJobTarget;
import dev.jupyship.schedule.EmbeddedScheduler;
import dev.jupyship.schedule.Schedules;
import dev.jupyship.snippets.SnippetCatalog;
import dev.jupyship.workspace.Workspace;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.xnio.Options;

/**
 * The jupyship sidecar: an Undertow server on a loopback address only, serving the API of
 * {@link Routes} over one workspace, within the bounds of {@link ServerLimits}. {@link #close()}
 * stops taking requests, lets running ones finish, and is done within the stop timeout.
 */
public final class SidecarServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SidecarServer.class.getName());

    /**
     * @param workspace     the folder the sidecar serves and never leaves
     * @param host          a loopback address
     * @param port          the port, 0 for any free one
     * @param maxBodyBytes  the largest request body accepted
     * @param token         the token requests must carry, or null (see the API's request guard)
     * @param snippets      the snippet catalog served under /api/snippets
     * @param venv          the Python environment that runs notebooks, or null for $JUPYSHIP_VENV, else the PATH
     * @param deploy        the deploy configuration, or null for $JUPYSHIP_CONFIG, else the workspace's jupyship.toml, else the default
     * @param limits        time limits and bounds on work, or null for {@link ServerLimits#defaults}
     * @param deploySettings the deploy core's timings, or null for {@link DeploySettings#defaults}
     */
    public record Config(Path workspace, String host, int port, long maxBodyBytes, String token, SnippetCatalog snippets, Path venv,
                         DeployConfig deploy, ServerLimits limits, DeploySettings deploySettings, CommandLineHandoff commandLines) {
        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final int DEFAULT_PORT = 8765;
        public static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;

        /** No snippets; the default Python environment. */
        public Config(Path workspace, String host, int port, long maxBodyBytes, String token) {
            this(workspace, host, port, maxBodyBytes, token, SnippetCatalog.empty(), null, null, null);
        }

        /** The deploy core's default timings. */
        public Config(Path workspace, String host, int port, long maxBodyBytes, String token, SnippetCatalog snippets, Path venv,
                      DeployConfig deploy, ServerLimits limits) {
            this(workspace, host, port, maxBodyBytes, token, snippets, venv, deploy, limits, null, null);
        }

        public Config withSnippets(SnippetCatalog catalog) {
            return new Config(workspace, host, port, maxBodyBytes, token, catalog, venv, deploy, limits, deploySettings, commandLines);
        }

        public Config withVenv(Path pythonEnvironment) {
            return new Config(workspace, host, port, maxBodyBytes, token, snippets, pythonEnvironment, deploy, limits, deploySettings, commandLines);
        }

        public Config withDeploy(DeployConfig configuration) {
            return new Config(workspace, host, port, maxBodyBytes, token, snippets, venv, configuration, limits, deploySettings, commandLines);
        }

        public Config withDeploySettings(DeploySettings settings) {
            return new Config(workspace, host, port, maxBodyBytes, token, snippets, venv, deploy, limits, settings, commandLines);
        }

        public Config withLimits(ServerLimits bounds) {
            return new Config(workspace, host, port, maxBodyBytes, token, snippets, venv, deploy, bounds, deploySettings, commandLines);
        }

        /** Command lines of the launcher run by this sidecar ({@code jupyship serve} gives them). */
        public Config withCommandLines(CommandLineHandoff handoff) {
            return new Config(workspace, host, port, maxBodyBytes, token, snippets, venv, deploy, limits, deploySettings, handoff);
        }

        public ServerLimits effectiveLimits() {
            return limits != null ? limits : ServerLimits.defaults(maxBodyBytes);
        }
    }

    /** How long start waits for the deployer before serving without it. */
    private static final Duration OPEN_WAIT = Duration.ofSeconds(5);
    /** The part of the stop timeout kept for closing connections and the deployer, after requests had their time. */
    private static final double CLOSING_SHARE = 0.3;
    /** Quiet this long after work, the sidecar collects garbage once, so its heap shrinks back. */
    private static final Duration IDLE_COLLECTION = Duration.ofSeconds(30);

    private final Undertow undertow;
    private final GracefulShutdownHandler shutdown;
    private final Workspace workspace;
    private final DeployerSlot deployer;
    private final ServerWork work;
    private final Duration stopTimeout;
    private final IdleCollector idle;
    /** The embedded scheduler: null until the deployer is open, empty once the sidecar stops (so none starts after). */
    private final AtomicReference<Optional<EmbeddedScheduler>> scheduler;

    private SidecarServer(Undertow undertow, GracefulShutdownHandler shutdown, Workspace workspace, DeployerSlot deployer, ServerWork work,
                          Duration stopTimeout, AtomicReference<Optional<EmbeddedScheduler>> scheduler) {
        this.scheduler = scheduler;
        this.undertow = undertow;
        this.shutdown = shutdown;
        this.workspace = workspace;
        this.deployer = deployer;
        this.work = work;
        this.stopTimeout = stopTimeout;
        this.idle = new IdleCollector(work::workStarted, IDLE_COLLECTION);
    }

    public static SidecarServer start(Config config) {
        requireLoopback(config.host());
        ServerLimits limits = config.effectiveLimits();
        Workspace workspace = new Workspace(config.workspace());
        PythonEnvironment python = config.venv() == null ? PythonEnvironment.detect() : PythonEnvironment.ofVenv(config.venv());
        DeploySettings deploySettings = config.deploySettings() != null ? config.deploySettings() : DeploySettings.defaults();
        AtomicReference<Optional<EmbeddedScheduler>> scheduler = new AtomicReference<>();
        DeployerSlot deployer = openDeployer(workspace, config.deploy(), python, deploySettings, scheduler);
        ApiContext context = new ApiContext(workspace, config.maxBodyBytes(), config.token(), config.snippets(), python)
                .withDeployer(deployer).withCommandLines(config.commandLines());
        ServerWork work = new ServerWork(limits, config.maxBodyBytes());
        GracefulShutdownHandler shutdown = Handlers.gracefulShutdown(Routes.build(context, work));
        Undertow undertow = Undertow.builder()
                .addHttpListener(config.port(), config.host())
                .setIoThreads(2)
                // Undertow's own task pool runs nothing of ours: ServerWork's bounded pools do the work.
                .setWorkerThreads(2)
                // A backstop only: BodyReader answers 413 itself, cleanly, far below this.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, config.maxBodyBytes() + ApiRequest.DRAIN_LIMIT_BYTES)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.headerTimeout().toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeout().toMillis())
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, (int) (limits.stopTimeout().toMillis() * CLOSING_SHARE / 2))
                .setSocketOption(Options.WRITE_TIMEOUT, (int) limits.writeTimeout().toMillis())
                .setHandler(shutdown)
                .build();
        undertow.start();
        SidecarServer server = new SidecarServer(undertow, shutdown, workspace, deployer, work, limits.stopTimeout(), scheduler);
        LOG.info(() -> "jupyship sidecar on http://" + config.host() + ":" + server.port() + " serving " + workspace.root()
                + " (heap limit " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB)");
        return server;
    }

    /**
     * Refuses a deploy (or alerts) configuration that cannot work, before the server takes requests; then opens
     * the deployer in the background (recovering runs a restart cut short), waiting a moment for it
     * so that a quick store is ready for the first request, never so long that the rest waits. Once it
     * is open, the embedded scheduler starts running the project's due schedules.
     */
    private static DeployerSlot openDeployer(Workspace workspace, DeployConfig configured, PythonEnvironment python, DeploySettings settings,
                                             AtomicReference<Optional<EmbeddedScheduler>> scheduler) {
        DeployConfig config;
        java.util.Optional<AlertsConfig> alerts;
        try {
            config = configured != null ? configured.validated() : DeployConfig.load(workspace.root(), System.getenv());
            alerts = AlertsConfig.load(config, System.getenv());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the deploy configuration: " + e.getMessage(), e);
        }
        DeployerSlot slot = DeployerSlot.opening(settings.openRetry(), () -> {
            Deployer deployer = Deployer.open(workspace.root(), config, python, settings);
            PromotionCompletion.register(deployer); // before recovery: a run recovered as succeeded is gated too
            // Closed with the deployer; after the gate, whose decision it reads.
            Optional<Alerts> alerting = alerts.map(wanted -> Alerts.attach(deployer, wanted));
            int recovered = deployer.recover();
            if (recovered > 0) {
                LOG.warning(recovered + " run(s) were in flight when the sidecar stopped; marked failed");
            }
            Schedules schedules = Schedules.of(deployer);
            alerting.ifPresent(sending -> schedules.addListener(new ScheduleAlerts(sending, java.time.Clock.systemUTC())));
            CronJobTarget.of(deployer).ifPresent(schedules::fireOn); // on Kubernetes, CronJobs fire them
            EmbeddedScheduler embedded = new EmbeddedScheduler(schedules);
            if (!schedules.firedByCluster() && scheduler.compareAndSet(null, Optional.of(embedded))) {
                embedded.start(EmbeddedScheduler.TICK);
            }
            return deployer;
        });
        try {
            if (!slot.awaitFirstAttempt(OPEN_WAIT)) {
                LOG.warning("deploy is not open yet; the sidecar serves everything else meanwhile");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return slot;
    }

    private static void requireLoopback(String host) {
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new BadInput("the sidecar binds to loopback only, and " + host + " is not a loopback address");
            }
        } catch (UnknownHostException e) {
            throw new BadInput("unknown host " + host, e);
        }
    }

    /** The port it listens on (the real one when started with port 0). */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    public Workspace workspace() {
        return workspace;
    }

    /** What is under way: requests running or waiting, logs followed, body bytes held. */
    public ServerWork.Activity activity() {
        return work.activity();
    }

    /**
     * Stops within the stop timeout, whatever the clients do: new requests get 503, followed logs
     * end and clients still sending bodies are dropped at once, running requests get most of the
     * time to finish, then connections close and the deployer with them. What is left after the
     * timeout is left to the process's exit.
     */
    @Override
    public void close() {
        long end = System.nanoTime() + stopTimeout.toNanos();
        idle.close();
        shutdown.shutdown();
        work.stopWaiting();
        long closing = (long) (stopTimeout.toMillis() * CLOSING_SHARE);
        try {
            if (!shutdown.awaitShutdown(Math.max(1, millisLeft(end) - closing))) {
                LOG.warning("requests still running when the stop timeout was near; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread stopping = new Thread(() -> {
            Optional<EmbeddedScheduler> running = scheduler.getAndSet(Optional.empty());
            if (running != null) {
                running.ifPresent(EmbeddedScheduler::close);
            }
            undertow.stop();
            work.close();
            deployer.close();
        }, "jupyship-stop");
        stopping.setDaemon(true);
        stopping.start();
        try {
            stopping.join(Math.max(1, millisLeft(end)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopping.isAlive()) {
            LOG.warning("the sidecar did not stop within " + stopTimeout.toSeconds() + " s; leaving the rest to the process's exit");
        }
    }

    private static long millisLeft(long endNanos) {
        return (endNanos - System.nanoTime()) / 1_000_000;
    }
}
