package dev.jupyship.api.endpoints;

import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.errors.NotFound;
import dev.jupyship.lint.Linter;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleDocs;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import java.util.List;

/**
 * {@code GET /api/rules} (every rule) and {@code GET /api/rules/{id}} (one): ids, names, families,
 * default severities, fixability and the rendered doc.
 * <pre>curl -s http://127.0.0.1:8765/api/rules/JS103</pre>
 */
public final class RulesEndpoint implements Endpoint {

    /** A rule as the panel lists it. */
    public record RuleView(String id, String name, String summary, String family, Severity severity, boolean fixable, String html) {
        static RuleView of(Rule rule) {
            RuleInfo info = rule.info();
            return new RuleView(info.id(), info.name(), info.summary(), info.family().title(), info.severity(), info.fixable(),
                    RuleDocs.html(info.id()));
        }
    }

    /** {@code GET /api/rules}: every rule. */
    public record RuleList(List<RuleView> rules) {
    }

    private final Linter linter;

    public RulesEndpoint(Linter linter) {
        this.linter = linter;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String id = request.query("id");
        if (id == null) {
            return ApiResponse.json(new RuleList(linter.rules().stream().map(RuleView::of).toList()));
        }
        return linter.rules().stream().filter(rule -> rule.info().id().equalsIgnoreCase(id)).findFirst()
                .map(rule -> ApiResponse.json(RuleView.of(rule)))
                .orElseThrow(() -> new NotFound("no rule '" + id + "'; GET /api/rules lists them"));
    }
}
