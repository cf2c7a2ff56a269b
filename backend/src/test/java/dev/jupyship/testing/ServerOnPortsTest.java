package dev.jupyship.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server told its port (Python's http.server) started while another process holds that port. */
class ServerOnPortsTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path folder;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            ServerOnPorts.stop(server);
        }
    }

    private Process launch(List<Integer> ports) throws IOException {
        return new ProcessBuilder("python3", "-m", "http.server", "--bind", "127.0.0.1", String.valueOf(ports.get(0)),
                "--directory", folder.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("server.log").toFile())).start();
    }

    private boolean answers(List<Integer> ports) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(0) + "/")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    @Test
    void onFreePortsTheServerIsStartedWhereItsOwnProcessListens() throws Exception {
        ServerOnPorts.Started started = ServerOnPorts.onFreePorts("http.server", 1, folder.resolve("server.log"), LIMIT, this::launch,
                this::answers, ServerOnPorts::stop);
        server = started.process();
        assertEquals(1, started.ports().size());
        assertTrue(ListeningPorts.of(server.pid()).containsAll(started.ports()), started.ports().toString());
    }

    @Test
    void aFixedPortHeldByAnotherIsTriedAgainUntilTheServerItselfListensOnIt() throws Exception {
        ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = other.getLocalPort();
        // The other holder lets go after the first attempt has failed.
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1500);
                other.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            ServerOnPorts.Started started = ServerOnPorts.onPorts("http.server", List.of(port), folder.resolve("server.log"), LIMIT,
                    this::launch, this::answers, ServerOnPorts::stop);
            server = started.process();
            assertEquals(List.of(port), started.ports());
            assertTrue(ListeningPorts.of(server.pid()).contains(port), "the server's own process listens on " + port);
            assertTrue(Files.readString(folder.resolve("server.log")).contains("Address already in use"), "an attempt failed first");
        } finally {
            release.join();
            assertTrue(other.isClosed());
        }
    }
}
