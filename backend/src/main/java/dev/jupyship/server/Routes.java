package dev.jupyship.server;

import dev.jupyship.api.ApiContext;
import dev.jupyship.api.ApiException;
import dev.jupyship.api.Endpoint;
import dev.jupyship.api.EndpointHandler;
import dev.jupyship.contract.InterfaceTestEndpoints;
import dev.jupyship.deploy.RunEndpoints;
import dev.jupyship.export.ExportEndpoint;
import dev.jupyship.lint.LintEndpoint;
import dev.jupyship.lint.LintFixEndpoint;
import dev.jupyship.lint.LintService;
import dev.jupyship.lint.Linter;
import dev.jupyship.lint.RulesEndpoint;
import dev.jupyship.review.ReviewDiffEndpoint;
import dev.jupyship.snippets.SnippetEndpoints;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * Every route of the sidecar's API, in one table. The server and the tests build the routing with
 * this same method, so tests exercise the production routes.
 */
public final class Routes {

    private Routes() {
    }

    public static HttpHandler build(ApiContext context) {
        RoutingHandler routes = Handlers.routing();
        open(routes, context, Methods.GET, "/api/health", new HealthEndpoint());
        add(routes, context, Methods.POST, "/api/export", new ExportEndpoint());
        add(routes, context, Methods.GET, "/api/review/diff", new ReviewDiffEndpoint(false));
        add(routes, context, Methods.POST, "/api/review/diff", new ReviewDiffEndpoint(true));
        LintService lint = new LintService(Linter.standard(), context.workspace().root());
        add(routes, context, Methods.POST, "/api/lint", new LintEndpoint(lint));
        add(routes, context, Methods.POST, "/api/lint/fix", new LintFixEndpoint(lint));
        add(routes, context, Methods.GET, "/api/rules", new RulesEndpoint(lint.linter()));
        add(routes, context, Methods.GET, "/api/rules/{id}", new RulesEndpoint(lint.linter()));
        add(routes, context, Methods.GET, "/api/snippets", SnippetEndpoints.list(context.snippets()));
        add(routes, context, Methods.GET, "/api/snippets/{id}", SnippetEndpoints.show(context.snippets()));
        InterfaceTestEndpoints tests = new InterfaceTestEndpoints(context);
        add(routes, context, Methods.POST, "/api/test", tests.start());
        add(routes, context, Methods.GET, "/api/test/{id}", tests.status());
        add(routes, context, Methods.DELETE, "/api/test/{id}", tests.cancel());
        RunEndpoints runs = new RunEndpoints(context);
        add(routes, context, Methods.POST, "/api/deploy", runs.deploy());
        add(routes, context, Methods.POST, "/api/deploy/check", runs.check());
        add(routes, context, Methods.GET, "/api/runs", runs.list());
        add(routes, context, Methods.GET, "/api/runs/metrics", runs.metrics());
        add(routes, context, Methods.GET, "/api/runs/{id}", runs.show());
        add(routes, context, Methods.GET, "/api/runs/{id}/log", runs.log());
        add(routes, context, Methods.DELETE, "/api/runs/{id}", runs.cancel());
        add(routes, context, Methods.POST, "/api/runs/{id}/rerun", runs.rerun());

        routes.setFallbackHandler(new EndpointHandler(request -> {
            throw new ApiException(404, "no such API route");
        }, context, true));
        routes.setInvalidMethodHandler(new EndpointHandler(request -> {
            throw new ApiException(405, "this route does not take that HTTP method");
        }, context, true));
        return routes;
    }

    private static void add(RoutingHandler routes, ApiContext context, HttpString method, String template, Endpoint endpoint) {
        routes.add(method, template, new EndpointHandler(endpoint, context, false));
    }

    private static void open(RoutingHandler routes, ApiContext context, HttpString method, String template, Endpoint endpoint) {
        routes.add(method, template, new EndpointHandler(endpoint, context, true));
    }
}
