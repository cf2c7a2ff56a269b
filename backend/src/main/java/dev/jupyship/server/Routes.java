package dev.jupyship.server;

import dev.jupyship.api.ApiContext;
import dev.jupyship.api.ApiException;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.api.EndpointHandler.Lane;
import dev.jupyship.api.EndpointHandler;
import dev.jupyship.api.ServerWork;
import dev.jupyship.api.endpoints.CommandLineEndpoint;
import dev.jupyship.api.endpoints.CompareEndpoint;
import dev.jupyship.api.endpoints.ExportEndpoint;
import dev.jupyship.api.endpoints.InterfaceTestEndpoints;
import dev.jupyship.api.endpoints.LintEndpoint;
import dev.jupyship.api.endpoints.LintFixEndpoint;
import dev.jupyship.api.endpoints.LintIgnoreEndpoint;
import dev.jupyship.api.endpoints.PromotionEndpoints;
import dev.jupyship.api.endpoints.ReviewDiffEndpoint;
import dev.jupyship.api.endpoints.RulesEndpoint;
import dev.jupyship.api.endpoints.RunEndpoints;
import dev.jupyship.api.endpoints.ScheduleEndpoints;
import dev.jupyship.api.endpoints.SnippetEndpoints;
import dev.jupyship.lint.LintService;
import dev.jupyship.lint.rules.RuleRegistry;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every route of the sidecar's API, in one table, each with the lane its work runs in (see
 * {@link Lane}). The server and the tests build the routing with this same method, so tests
 * exercise the production routes. Every GET route also answers HEAD, every route OPTIONS (204 with
 * {@code Allow}), and a method a route does not take gets 405 with {@code Allow}.
 */
public final class Routes {

    private final RoutingHandler routes = Handlers.routing();
    private final Map<String, Set<String>> methods = new LinkedHashMap<>();
    private final ApiContext context;
    private final ServerWork work;

    private Routes(ApiContext context, ServerWork work) {
        this.context = context;
        this.work = work;
    }

    public static HttpHandler build(ApiContext context, ServerWork work) {
        return table(context, work).finish();
    }

    /**
     * Each route's template and the methods it takes, as {@link #build} routes them (HEAD and
     * OPTIONS included): what the OpenAPI description is checked against.
     */
    static Map<String, Set<String>> methods(ApiContext context, ServerWork work) {
        return table(context, work).methods;
    }

    private static Routes table(ApiContext context, ServerWork work) {
        Routes table = new Routes(context, work);
        table.open("/api/health", new HealthEndpoint());
        table.open(OpenApiEndpoint.ROUTE, new OpenApiEndpoint());
        table.add(Methods.POST, "/api/export", Lane.HEAVY, new ExportEndpoint());
        table.add(Methods.GET, "/api/review/diff", Lane.HEAVY, new ReviewDiffEndpoint(false));
        table.add(Methods.POST, "/api/review/diff", Lane.HEAVY, new ReviewDiffEndpoint(true));
        LintService lint = new LintService(RuleRegistry.linter(), context.workspace().root());
        table.add(Methods.POST, "/api/lint", Lane.HEAVY, new LintEndpoint(lint));
        table.add(Methods.POST, "/api/lint/fix", Lane.HEAVY, new LintFixEndpoint(lint));
        table.add(Methods.POST, "/api/lint/ignore", Lane.LIGHT, new LintIgnoreEndpoint(lint));
        table.add(Methods.GET, "/api/rules", Lane.LIGHT, new RulesEndpoint(lint.linter()));
        table.add(Methods.GET, "/api/rules/{id}", Lane.LIGHT, new RulesEndpoint(lint.linter()));
        table.add(Methods.GET, "/api/snippets", Lane.LIGHT, SnippetEndpoints.list(context.snippets()));
        table.add(Methods.POST, "/api/snippets", Lane.LIGHT, SnippetEndpoints.create(context.snippets()));
        table.add(Methods.GET, "/api/snippets/{id}", Lane.LIGHT, SnippetEndpoints.show(context.snippets()));
        InterfaceTestEndpoints tests = new InterfaceTestEndpoints(context);
        table.add(Methods.POST, "/api/test", Lane.HEAVY, tests.start());
        table.add(Methods.GET, "/api/test/{id}", Lane.LIGHT, tests.status());
        table.add(Methods.DELETE, "/api/test/{id}", Lane.LIGHT, tests.cancel());
        RunEndpoints runs = new RunEndpoints(context);
        table.add(Methods.POST, "/api/deploy", Lane.HEAVY, runs.deploy());
        table.add(Methods.POST, "/api/deploy/check", Lane.HEAVY, runs.check());
        table.add(Methods.GET, "/api/runs", Lane.LIGHT, runs.list());
        table.add(Methods.GET, "/api/runs/metrics", Lane.LIGHT, runs.metrics());
        table.add(Methods.GET, "/api/runs/{id}", Lane.LIGHT, runs.show());
        table.add(Methods.GET, "/api/runs/{id}/log", Lane.LIGHT, runs.log());
        table.add(Methods.DELETE, "/api/runs/{id}", Lane.LIGHT, runs.cancel());
        table.add(Methods.POST, "/api/runs/{id}/rerun", Lane.HEAVY, runs.rerun());
        table.add(Methods.DELETE, "/api/runs/{id}/record", Lane.LIGHT, runs.delete());
        PromotionEndpoints promotion = new PromotionEndpoints(context);
        table.add(Methods.GET, "/api/champion", Lane.LIGHT, promotion.show());
        table.add(Methods.POST, "/api/promote", Lane.LIGHT, promotion.promote());
        table.add(Methods.POST, "/api/rollback", Lane.LIGHT, promotion.rollback());
        table.add(Methods.POST, "/api/compare", Lane.HEAVY, new CompareEndpoint(context));
        ScheduleEndpoints schedules = new ScheduleEndpoints(context);
        table.add(Methods.GET, "/api/schedules", Lane.LIGHT, schedules.list());
        table.add(Methods.POST, "/api/schedules", Lane.HEAVY, schedules.create());
        table.add(Methods.GET, "/api/schedules/{id}", Lane.LIGHT, schedules.show());
        table.add(Methods.DELETE, "/api/schedules/{id}", Lane.LIGHT, schedules.delete());
        table.add(Methods.POST, "/api/schedules/{id}/pause", Lane.LIGHT, schedules.pause());
        table.add(Methods.POST, "/api/schedules/{id}/resume", Lane.LIGHT, schedules.resume());
        table.add(Methods.POST, "/api/schedules/{id}/run", Lane.HEAVY, schedules.runNow());
        table.add(Methods.POST, "/api/cli", Lane.HEAVY, new CommandLineEndpoint(context.commandLines()));
        return table;
    }

    private void add(HttpString method, String template, Lane lane, Endpoint endpoint) {
        route(method, template, new EndpointHandler(endpoint, context, false, lane, work));
    }

    /** A health-like route: no token needed, answered on the IO thread so it never waits behind work. */
    private void open(String template, Endpoint endpoint) {
        route(Methods.GET, template, new EndpointHandler(endpoint, context, true, Lane.IO, work));
    }

    private void route(HttpString method, String template, HttpHandler handler) {
        routes.add(method, template, handler);
        Set<String> allowed = methods.computeIfAbsent(template, t -> new TreeSet<>(Set.of(Methods.OPTIONS_STRING)));
        allowed.add(method.toString());
        if (Methods.GET.equals(method)) {
            routes.add(Methods.HEAD, template, handler);
            allowed.add(Methods.HEAD_STRING);
        }
    }

    private HttpHandler finish() {
        PathTemplateMatcher<String> allow = new PathTemplateMatcher<>();
        methods.forEach((template, allowed) -> {
            String header = String.join(", ", allowed);
            allow.add(template, header);
            HttpHandler options = new EndpointHandler(request -> new ApiResponse(204, "text/plain", ""), context, true, Lane.IO, work);
            routes.add(Methods.OPTIONS, template, exchange -> {
                exchange.getResponseHeaders().put(Headers.ALLOW, header);
                options.handleRequest(exchange);
            });
        });
        routes.setFallbackHandler(new EndpointHandler(request -> {
            throw new ApiException(404, "no such API route");
        }, context, true, Lane.IO, work));
        EndpointHandler wrongMethod = new EndpointHandler(request -> {
            throw new ApiException(405, "this route does not take that HTTP method");
        }, context, true, Lane.IO, work);
        routes.setInvalidMethodHandler(exchange -> {
            PathTemplateMatcher.PathMatchResult<String> match = allow.match(exchange.getRelativePath());
            if (match != null) {
                exchange.getResponseHeaders().put(Headers.ALLOW, match.getValue());
            }
            wrongMethod.handleRequest(exchange);
        });
        return routes;
    }
}
