package dev.jupyship.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.snippets.PythonSyntaxCheck;
import dev.jupyship.snippets.SnippetCatalog;
import dev.jupyship.testing.GitRepo;
import dev.jupyship.testing.Notebooks;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar's HTTP API, served by a real Undertow on loopback over a temporary workspace. */
class SidecarApiTest {

    private static final long MAX_BODY = 2L * 1024 * 1024;

    @TempDir
    Path workspace;

    private SidecarServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, MAX_BODY, null));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String pathAndQuery, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), response.headers().toString());
        return Jsons.MAPPER.readTree(response.body());
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void healthAnswers() throws Exception {
        HttpResponse<String> response = get("/api/health");
        assertEquals(200, response.statusCode());
        assertEquals("ok", json(response).get("status").asText());
    }

    @Test
    void exportsAPostedNotebook() throws Exception {
        HttpResponse<String> response = postJson("/api/export?header=false", Notebooks.bytes("markdown", "# Title", "code", "x = 1"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/x-python; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("# %% [markdown]\n# # Title\n\n# %%\nx = 1\n", response.body());
    }

    @Test
    void exportsAWorkspaceFile() throws Exception {
        Files.createDirectories(workspace.resolve("sub"));
        Files.write(workspace.resolve("sub/nb.ipynb"), Notebooks.bytes("code", "y = 2"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/export?path=sub/nb.ipynb"))
                .header("X-XSRFToken", "t").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("# ---\n# jupyter:\n") && response.body().endsWith("# %%\ny = 2\n"), response.body());
    }

    @Test
    void aPostedNotebookWinsOverItsSavedFile() throws Exception {
        Files.write(workspace.resolve("nb.ipynb"), Notebooks.bytes("code", "saved = 1"));
        HttpResponse<String> response = postJson("/api/export?header=false&path=nb.ipynb", Notebooks.bytes("code", "edited = 2"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("# %%\nedited = 2\n", response.body());
        HttpResponse<String> outside = postJson("/api/export?path=" + q("../x.ipynb"), Notebooks.bytes("code", "edited = 2"));
        assertEquals(403, outside.statusCode(), "the path is confined even when the body is exported");
    }

    @Test
    void badNotebooksAre400WithTheProblemAndPlace() throws Exception {
        HttpResponse<String> truncated = postJson("/api/export?name=mine.ipynb", "{\n \"cells\": [\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, truncated.statusCode());
        String message = json(truncated).get("error").asText();
        assertTrue(message.startsWith("mine.ipynb: invalid JSON at line 3"), message);

        HttpResponse<String> v3 = postJson("/api/export", "{\"nbformat\": 3, \"nbformat_minor\": 0, \"worksheets\": []}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, v3.statusCode());
        assertTrue(json(v3).get("error").asText().contains("nbformat 3 notebooks are not supported"));

        HttpResponse<String> binary = postJson("/api/export", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2});
        assertEquals(400, binary.statusCode());
        assertTrue(json(binary).get("error").asText().contains("not UTF-8 text"), binary.body());
    }

    @Test
    void tooLargeBodiesAre413AndTheServerStaysUp() throws Exception {
        byte[] huge = Notebooks.bytes("code", "x = 1\n".repeat((int) (MAX_BODY / 6) + 10));
        HttpResponse<String> response = postJson("/api/export", huge);
        assertEquals(413, response.statusCode());
        assertTrue(json(response).get("error").asText().contains("larger than the sidecar's limit of 2 MB"));
        // Without a Content-Length (chunked), the limit holds while reading.
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri("/api/export")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode());
        assertEquals(200, get("/api/health").statusCode());
    }

    @Test
    void pathsOutsideTheWorkspaceAreRefused() throws Exception {
        Path outside = Files.createTempFile("outside", ".ipynb");
        Files.write(outside, Notebooks.bytes("code", "secret = 1"));
        try {
            for (String path : new String[] {"../" + outside.getFileName(), outside.toString(), "sub/../../x.ipynb"}) {
                HttpResponse<String> response = get("/api/review/diff?path=" + q(path));
                assertEquals(403, response.statusCode(), path);
                assertTrue(json(response).get("error").asText().contains("is outside the workspace"), response.body());
            }
            Files.createSymbolicLink(workspace.resolve("link.ipynb"), outside);
            HttpResponse<String> viaLink = http.send(HttpRequest.newBuilder(uri("/api/export?path=link.ipynb"))
                    .header("X-XSRFToken", "t").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, viaLink.statusCode(), viaLink.body());
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void reviewDiffOfAWorkspaceRepository() throws Exception {
        try (GitRepo repo = GitRepo.init(workspace)) {
            repo.write("nb.ipynb", Notebooks.of("code", "lr = 0.1"));
            repo.commit("first", "nb.ipynb");
            repo.write("nb.ipynb", Notebooks.of("code", "lr = 0.2"));
            JsonNode diff = json(get("/api/review/diff?path=nb.ipynb"));
            assertEquals("HEAD", diff.get("from").asText());
            assertEquals("WORKTREE", diff.get("to").asText());
            assertTrue(diff.get("diff").asText().contains("-lr = 0.1\n+lr = 0.2\n"), diff.toString());
            assertTrue(diff.get("summary").get("notes").isArray());

            // What an editor has, unsaved: diffed against HEAD instead of the file on disk.
            HttpResponse<String> posted = postJson("/api/review/diff?path=nb.ipynb", Notebooks.bytes("code", "lr = 0.3"));
            assertEquals(200, posted.statusCode(), posted.body());
            JsonNode edited = json(posted);
            assertEquals("EDITOR", edited.get("to").asText());
            assertTrue(edited.get("diff").asText().contains("-lr = 0.1\n+lr = 0.3\n"), edited.toString());
            assertEquals(400, postJson("/api/review/diff?path=nb.ipynb", new byte[0]).statusCode());

            HttpResponse<String> unknown = get("/api/review/diff?path=nb.ipynb&from=nope");
            assertEquals(404, unknown.statusCode());
            assertTrue(json(unknown).get("error").asText().startsWith("unknown git revision 'nope'"), unknown.body());

            HttpResponse<String> missing = get("/api/review/diff?path=gone.ipynb");
            assertEquals(404, missing.statusCode());
            assertEquals("gone.ipynb: not in HEAD nor in working tree", json(missing).get("error").asText());
        }
    }

    @Test
    void notARepositoryAndMissingParameters() throws Exception {
        Files.write(workspace.resolve("nb.ipynb"), Notebooks.bytes("code", "x"));
        HttpResponse<String> noRepo = get("/api/review/diff?path=nb.ipynb");
        assertEquals(404, noRepo.statusCode());
        assertTrue(json(noRepo).get("error").asText().contains("not inside a git repository"), noRepo.body());
        HttpResponse<String> noPath = get("/api/review/diff");
        assertEquals(400, noPath.statusCode());
        assertEquals("missing query parameter 'path'", json(noPath).get("error").asText());
    }

    @Test
    void unknownRoutesMethodsAndCrossSiteRequests() throws Exception {
        assertEquals(404, get("/api/nothing").statusCode());
        assertEquals(405, get("/api/export").statusCode());
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(uri("/api/export")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, form.statusCode());
        // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host header.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 403 "), answer);
            assertTrue(answer.contains("requests must be addressed to the loopback interface"), answer);
        }
    }

    @Test
    void aConfiguredTokenIsRequiredExceptForHealth() throws Exception {
        try (SidecarServer guarded = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, MAX_BODY, "s3cret"))) {
            URI export = URI.create("http://127.0.0.1:" + guarded.port() + "/api/export");
            byte[] notebook = Notebooks.bytes("code", "x = 1");
            HttpRequest.Builder request = HttpRequest.newBuilder(export).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(notebook));
            assertEquals(401, http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, http.send(request.header("X-Jupyship-Token", "s3cret").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guarded.port() + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void refusesToBindOutsideLoopback() {
        IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SidecarServer.start(new SidecarServer.Config(workspace, "0.0.0.0", 0, MAX_BODY, null)));
        assertEquals("the sidecar binds to loopback only, and 0.0.0.0 is not a loopback address", error.getMessage());
    }

    /**
     * A request held inside its handler (a snippet catalog whose syntax check waits for the test) while
     * the server stops: new requests get 503 at once, the held one is let go and answers 200 in full,
     * and only then does the stop end.
     */
    @Test
    void shutdownLetsARunningRequestFinish(@TempDir Path snippets) throws Exception {
        Path snippet = snippets.resolve("hello.md");
        Files.writeString(snippet, "---\nid: hello\ntitle: Say hello\ndescription: Prints a greeting.\ntags: [hello]\n"
                + "category: basics\nversion: \"1.0\"\n---\n\nGreets.\n\n```python\nprint(\"hello\")\n```\n");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean hold = new AtomicBoolean(false);
        PythonSyntaxCheck heldCheck = sources -> {
            if (hold.get()) {
                entered.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS), "the test never let the request go");
            }
            return List.of();
        };
        SnippetCatalog catalog = new SnippetCatalog(List.of(new SnippetCatalog.Folder(snippets, "platform")), heldCheck, Duration.ZERO);
        server.close();
        server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, MAX_BODY, null).withSnippets(catalog));
        hold.set(true);
        Files.writeString(snippet, "\n", StandardOpenOption.APPEND); // the next request reloads the catalog, and is held there
        var pending = http.sendAsync(HttpRequest.newBuilder(uri("/api/snippets?q=hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the request never reached its handler");
        SidecarServer stopping = server;
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::close);
        while (get("/api/health").statusCode() != 503) { // the stop has begun: new requests are refused
            assertFalse(stopped.isDone(), "the stop ended while a request was still running");
            Thread.sleep(10);
        }
        assertFalse(pending.isDone(), "the held request answered before it was let go");
        release.countDown();
        HttpResponse<String> response = pending.get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("hello", json(response).path("snippets").path(0).path("id").asText(), response.body());
        stopped.get(30, TimeUnit.SECONDS);
        server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, MAX_BODY, null));
    }
}
