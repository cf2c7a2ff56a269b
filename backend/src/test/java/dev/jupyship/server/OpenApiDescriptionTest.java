package dev.jupyship.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.api.ApiContext;
import dev.jupyship.api.ServerLimits;
import dev.jupyship.api.ServerWork;
import dev.jupyship.json.Jsons;
import dev.jupyship.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI description and the route table say the same: every route described, every description routed. */
class OpenApiDescriptionTest {

    private static final long MAX_BODY = 1024 * 1024;

    @TempDir
    Path workspace;

    private static JsonNode description() throws Exception {
        return Jsons.MAPPER.readTree(OpenApiEndpoint.read());
    }

    /** "GET /api/runs/{id}" for each operation the description has. */
    private static Set<String> described(JsonNode description) {
        Set<String> operations = new TreeSet<>();
        description.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return operations;
    }

    private Set<String> routed() {
        Set<String> operations = new TreeSet<>();
        try (ServerWork work = new ServerWork(ServerLimits.defaults(MAX_BODY), MAX_BODY)) {
            Map<String, Set<String>> table = Routes.methods(new ApiContext(new Workspace(workspace), MAX_BODY, null), work);
            // HEAD and OPTIONS are every route's, said once in the description's info.
            table.forEach((template, methods) -> methods.stream().filter(m -> !m.equals("HEAD") && !m.equals("OPTIONS"))
                    .forEach(method -> operations.add(method + " " + template)));
        }
        return operations;
    }

    @Test
    void everyRouteIsDescribedAndEveryDescriptionRouted() throws Exception {
        Set<String> routed = routed();
        Set<String> described = described(description());
        assertTrue(routed.size() >= 20, "read the route table: " + routed);
        Set<String> undescribed = new TreeSet<>(routed);
        undescribed.removeAll(described);
        Set<String> unrouted = new TreeSet<>(described);
        unrouted.removeAll(routed);
        assertTrue(undescribed.isEmpty(), "routes the OpenAPI description leaves out: " + undescribed);
        assertTrue(unrouted.isEmpty(), "described operations Routes.java does not route: " + unrouted);
    }

    @Test
    void everyOperationSaysItsAnswersAndErrorsHaveTheErrorBody() throws Exception {
        JsonNode description = description();
        assertEquals("3.1.0", description.get("openapi").asText());
        List<String> problems = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        description.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            String name = method.getKey() + " " + path.getKey();
            JsonNode operation = method.getValue();
            if (!ids.add(operation.path("operationId").asText())) {
                problems.add(name + ": no operationId, or one used twice");
            }
            JsonNode responses = operation.path("responses");
            if (!responses.fieldNames().hasNext() || !(responses.has("200") || responses.has("201") || responses.has("202"))) {
                problems.add(name + ": no success response");
            }
            responses.fields().forEachRemaining(response -> {
                int status = Integer.parseInt(response.getKey());
                String ref = response.getValue().path("$ref").asText(
                        response.getValue().path("content").path("application/json").path("schema").path("$ref").asText());
                if (status >= 400 && status != 422 && !ref.startsWith("#/components/responses/")) {
                    problems.add(name + " " + status + ": an error answers the shared Error body, not " + ref);
                }
            });
        }));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyReferenceLeadsSomewhere() throws Exception {
        JsonNode description = description();
        List<String> dangling = new ArrayList<>();
        references(description, description, dangling);
        assertTrue(dangling.isEmpty(), "references to nothing: " + dangling);
    }

    private static void references(JsonNode node, JsonNode root, List<String> dangling) {
        if (node.has("$ref") && root.at(node.get("$ref").asText().substring(1)).isMissingNode()) {
            dangling.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> references(child, root, dangling));
    }

    @Test
    void theSidecarServesItWithoutAToken() throws Exception {
        try (SidecarServer server = SidecarServer.start(new SidecarServer.Config(workspace, "127.0.0.1", 0, MAX_BODY, "secret"))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + OpenApiEndpoint.ROUTE)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertEquals(OpenApiEndpoint.read(), response.body());
        }
    }
}
