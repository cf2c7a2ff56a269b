package dev.jupyship.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real GCS-API emulator process (fake-gcs-server, installed by scripts/setup-gcs-emulator, which
 * the test command runs and names in {@code $JUPYSHIP_FAKE_GCS}) for one test class:
 * <pre>
 * &#64;RegisterExtension
 * static final GcsEmulator GCS = new GcsEmulator();
 * </pre>
 * It listens on a free loopback port with an in-memory backend, answers before the first test and
 * is stopped after the last. Without {@code $JUPYSHIP_FAKE_GCS} the class is skipped, as
 * {@link PythonEnv} skips the tests that need Python.
 */
public final class GcsEmulator implements BeforeAllCallback, AfterAllCallback {

    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Path log;
    private String endpoint;

    /** The emulator program; skips the test when the test command did not provide it. */
    public static Path program() {
        String configured = System.getenv("JUPYSHIP_FAKE_GCS");
        assumeTrue(configured != null && !configured.isBlank(),
                "no GCS emulator: JUPYSHIP_FAKE_GCS is unset (scripts/test sets it from scripts/setup-gcs-emulator)");
        Path program = Path.of(configured);
        assumeTrue(Files.isExecutable(program), "JUPYSHIP_FAKE_GCS names " + program + ", which is not an executable file");
        return program;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path program = program();
        log = Files.createTempFile("fake-gcs-server", ".log");
        // The emulator must know its address before it starts (-external-url), so it cannot take port 0.
        try {
            process = ServerOnPorts.onFreePorts("the GCS emulator " + program, 1, log, START_LIMIT, ports -> {
                endpoint = "http://127.0.0.1:" + ports.get(0);
                // -external-url: the resumable upload's Location header must point back here (java-storage#2034).
                return new ProcessBuilder(List.of(program.toString(), "-scheme", "http", "-host", "127.0.0.1", "-port",
                        String.valueOf(ports.get(0)), "-external-url", endpoint, "-backend", "memory", "-log-level", "warn"))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            }, ports -> answers(), ServerOnPorts::stop).process();
        } catch (Exception | Error e) {
            afterAll(context);
            throw e;
        }
    }

    private boolean answers() {
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/storage/v1/b"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            ServerOnPorts.stop(process);
            process = null;
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    /** The emulator's address, for the store's endpoint and for {@code STORAGE_EMULATOR_HOST}. */
    public String endpoint() {
        return endpoint;
    }

    /** Makes a new, empty bucket with a unique name and answers the name. */
    public String newBucket() throws IOException, InterruptedException {
        String name = "test-" + UUID.randomUUID().toString().substring(0, 13).toLowerCase(Locale.ROOT);
        createBucket(name);
        return name;
    }

    /** Makes the bucket. */
    public void createBucket(String name) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/storage/v1/b?project=test"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("the emulator refused bucket " + name + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    /** Each object's generation (a microsecond timestamp, as on GCS) by name: the order in which objects were last written. */
    public Map<String, Long> generations(String bucket, String prefix) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/storage/v1/b/" + bucket + "/o?prefix="
                + URLEncoder.encode(prefix, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> generations = new TreeMap<>();
        for (JsonNode item : new ObjectMapper().readTree(answer.body()).path("items")) {
            generations.put(item.get("name").asText(), item.get("generation").asLong());
        }
        return generations;
    }

    /**
     * The environment for a Python process (gcsfs, papermill) that talks to this emulator: gcsfs reads
     * {@code STORAGE_EMULATOR_HOST}; the rest keeps Google's auth libraries from looking for credentials
     * on a metadata server off this machine (they fall back to anonymous access, which the emulator takes).
     */
    public Map<String, String> pythonEnvironment(Path emptyFolder) {
        return Map.of("STORAGE_EMULATOR_HOST", endpoint, "NO_GCE_CHECK", "true", "GCE_METADATA_HOST", "127.0.0.1:9",
                "GCE_METADATA_IP", "127.0.0.1:9", "CLOUDSDK_CONFIG", emptyFolder.toString());
    }
}
