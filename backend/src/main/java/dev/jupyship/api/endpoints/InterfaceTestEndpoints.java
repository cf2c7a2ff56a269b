package dev.jupyship.api.endpoints;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.jupyship.api.ApiContext;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.contract.Check;
import dev.jupyship.contract.InterfaceTestQueue;
import dev.jupyship.contract.InterfaceTestReport;
import dev.jupyship.contract.InterfaceTestRun;
import dev.jupyship.contract.ParserCodeFacts;
import dev.jupyship.errors.NotFound;
import dev.jupyship.notebook.NotebookFiles;
import dev.jupyship.run.CellFailure;
import dev.jupyship.run.PapermillRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The interface-test routes. Runs live under {@code <workspace>/.jupyship/test-runs/<id>/}, so
 * JupyterLab can open the executed notebook.
 * <pre>
 * curl -s -X POST -H 'Content-Type: application/json' -d '{"path": "train.ipynb"}' localhost:8765/api/test
 *     → 202 {"id": "3f2a...", "status": "queued"}
 * curl -s localhost:8765/api/test/3f2a...
 *     → {"status": "running", "progress": "running cell 3 of 7", ...} then "passed" or "failed" with "checks"
 * curl -s -X DELETE -H 'X-XSRFToken: x' localhost:8765/api/test/3f2a...
 * </pre>
 */
public final class InterfaceTestEndpoints {

    static final int PARALLEL_TESTS = 2;

    private final InterfaceTestQueue tests;
    private final Path workspace;

    public InterfaceTestEndpoints(ApiContext context) {
        this.workspace = context.workspace().root();
        PapermillRunner runner = new PapermillRunner(context.python());
        this.tests = new InterfaceTestQueue(workspace.resolve(".jupyship/test-runs"), runner,
                new ParserCodeFacts(), PARALLEL_TESTS);
    }

    /** {@code POST /api/test} with {@code {"path": ..., "parameters": {...}, "kernel": ...}}. */
    public Endpoint start() {
        return request -> {
            TestRequest test = request.body(TestRequest.class);
            String path = test.path();
            Path notebook = request.workspace().resolve(path);
            if (!Files.isRegularFile(notebook)) {
                throw new NotFound("no notebook at '" + path + "' in the workspace");
            }
            NotebookFiles.requireNotebook(notebook);
            request.checkFileSize(notebook, path);
            String id = tests.start(notebook, path, test.parameters(), test.kernel());
            return ApiResponse.json(202, new Started(id, "queued"));
        };
    }

    /** {@code GET /api/test/{id}}. */
    public Endpoint status() {
        return request -> {
            String id = request.requiredQuery("id");
            InterfaceTestRun test = tests.get(id).orElseThrow(() -> new NotFound("no interface test with id " + id));
            return ApiResponse.json(view(id, test.status()));
        };
    }

    /** {@code DELETE /api/test/{id}}: cancels; answers the test's state. */
    public Endpoint cancel() {
        return request -> {
            String id = request.requiredQuery("id");
            if (!tests.cancel(id)) {
                throw new NotFound("no interface test with id " + id);
            }
            return ApiResponse.json(view(id, tests.get(id).orElseThrow().status()));
        };
    }

    /**
     * {@code POST /api/test}'s body.
     *
     * @param path       the notebook, in the workspace
     * @param parameters papermill parameters, checked against the contract (none: the contract's defaults)
     * @param kernel     the kernel to run it with, or null for the notebook's
     */
    public record TestRequest(String path, Map<String, Object> parameters, String kernel) {
        public TestRequest {
            parameters = parameters == null ? Map.of() : parameters;
        }
    }

    /** {@code POST /api/test}'s 202. */
    public record Started(String id, String status) {
    }

    /**
     * A test's state: while it runs, the cell it is on; once it has a report, the report's fields
     * (the executed notebook and work folder may be null: a test that never ran has none).
     */
    public record TestView(String id, String status, String progress, @JsonUnwrapped Running running,
                           @JsonUnwrapped Report report) {
    }

    public record Running(int cell, int cells) {
    }

    public record Report(String path, List<CheckView> checks, String executedNotebook, String workDir,
                         InterfaceTestReport.Timings timings) {
    }

    /** A check; a failed cell is {@code cell}, any other detail {@code details}. */
    public record CheckView(String name, boolean passed, String message, @JsonInclude(JsonInclude.Include.NON_NULL) CellFailure cell,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Object details) {
        static CheckView of(Check check) {
            CellFailure failure = check.detail() instanceof CellFailure f ? f : null;
            return new CheckView(check.name(), check.passed(), check.message(), failure, failure == null ? check.detail() : null);
        }
    }

    private TestView view(String id, InterfaceTestRun.Status status) {
        Running running = status.phase() == InterfaceTestRun.Phase.RUNNING ? new Running(status.cell(), status.total()) : null;
        InterfaceTestReport report = status.report();
        Report done = report == null ? null : new Report(report.notebook(), checks(report.checks()),
                display(report.executedNotebook()), display(report.workDir()), report.timings());
        return new TestView(id, status.phase().name().toLowerCase(java.util.Locale.ROOT), status.describe(), running, done);
    }

    static List<CheckView> checks(List<Check> checks) {
        return checks.stream().map(CheckView::of).toList();
    }

    private String display(Path path) {
        if (path == null) {
            return null;
        }
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(workspace) ? workspace.relativize(absolute).toString() : absolute.toString();
    }
}
