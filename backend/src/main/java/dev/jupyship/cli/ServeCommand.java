package dev.jupyship.cli;

import dev.jupyship.api.ServerLimits;
import dev.jupyship.errors.BadInput;
import dev.jupyship.server.SidecarServer;
import dev.jupyship.snippets.SnippetCatalog;
import dev.jupyship.snippets.SnippetFolders;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jupyship serve}: runs the sidecar until it is stopped (SIGTERM or Ctrl-C stop it gracefully, within the stop timeout). */
@Command(name = "serve", description = "Run the sidecar HTTP server on loopback.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-w", "--workspace"}, description = "Folder to serve; paths outside it are refused (default: current folder).")
    Path workspace = Path.of(".");

    @Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = SidecarServer.Config.DEFAULT_PORT;

    @Option(names = "--host", description = "Loopback address to bind (default: ${DEFAULT-VALUE}).")
    String host = SidecarServer.Config.DEFAULT_HOST;

    @Option(names = "--max-body-mb", description = "Largest request body in MB (default: ${DEFAULT-VALUE}).")
    long maxBodyMb = SidecarServer.Config.DEFAULT_MAX_BODY_BYTES / (1024 * 1024);

    @Option(names = "--snippets", paramLabel = "DIR", description = "The platform's snippet folder (default: $JUPYSHIP_HOME/snippets, or snippets/ of the installation).")
    Path snippets;

    @Option(names = "--team-snippets", paramLabel = "DIR", defaultValue = "${env:JUPYSHIP_TEAM_SNIPPETS}",
            description = "A team or user snippet folder, overriding the platform's snippets by id; new snippets are saved there"
                    + " (default: $JUPYSHIP_TEAM_SNIPPETS).")
    Path teamSnippets;

    @Option(names = "--stop-timeout", paramLabel = "SECONDS",
            description = "On SIGTERM, the longest the sidecar takes to stop, running requests included (default: ${DEFAULT-VALUE}).")
    long stopTimeout = 10;

    @Override
    public Integer call() throws InterruptedException, BindException {
        if (port < 0 || port > 65535) {
            throw new BadInput("--port " + port + " is not a port: give 1 to 65535, or 0 for a free one");
        }
        String token = System.getenv("JUPYSHIP_TOKEN");
        long maxBody = maxBodyMb * 1024 * 1024;
        SidecarServer server;
        SidecarCommandLines commandLines = new SidecarCommandLines(workspace);
        try {
            server = SidecarServer.start(new SidecarServer.Config(workspace, host, port, maxBody, token).withCommandLines(commandLines)
                    .withSnippets(SnippetCatalog.of(snippets != null ? snippets : SnippetFolders.defaultPlatform(), teamSnippets,
                            SnippetsCommand.sidecarSyntaxCheck()))
                    .withLimits(ServerLimits.defaults(maxBody).withStopTimeout(Duration.ofSeconds(Math.max(1, stopTimeout)))));
        } catch (RuntimeException e) {
            throw bindFailure(e);
        }
        SidecarRuntimeFile runtime = runtimeFile(server.port(), token, commandLines);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (runtime != null) {
                runtime.close(); // first: no launcher hands a command to a sidecar that is stopping
            }
            server.close();
            stopped.countDown();
        }, "jupyship-shutdown"));
        System.out.println("jupyship sidecar listening on http://" + host + ":" + server.port() + "/api/health");
        stopped.await();
        return 0;
    }

    /** The launcher's way in; without it (a read-only home) the launcher starts its own JVM, which is slower, not wrong. */
    private SidecarRuntimeFile runtimeFile(int boundPort, String token, SidecarCommandLines commandLines) {
        try {
            return SidecarRuntimeFile.write(host, boundPort, workspace, token, commandLines.secret());
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("jupyship serve: no runtime file in " + SidecarRuntimeFile.folder() + " (" + e.getMessage()
                    + "); the jupyship command starts its own process");
            return null;
        }
    }

    /** A port that cannot be bound, said in one line; any other failure as it was. */
    private RuntimeException bindFailure(RuntimeException e) throws BindException {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                throw new BindException(host + ":" + port + ": " + bind.getMessage()
                        + " (is another sidecar running? stop it, or pick another port with --port)");
            }
        }
        return e;
    }
}
