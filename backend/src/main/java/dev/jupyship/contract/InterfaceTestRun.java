package dev.jupyship.contract;

import dev.jupyship.errors.BadInput;
import dev.jupyship.notebook.Json;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.Outputs;
import dev.jupyship.run.ExecutedNotebook;
import dev.jupyship.run.PapermillRun;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.Parameters;
import dev.jupyship.run.RunResult;
import dev.jupyship.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One interface test of one notebook, run by {@link #run()} on the caller's thread: the static
 * contract check (fail-fast: a notebook that breaks its contract is not executed), then papermill
 * in a fresh kernel with the contract's test parameters and {@code output_dir} inside a fresh
 * working folder, under the contract's time limit, then the declared outputs verified in a
 * separate Python process. {@link #status()} and {@link #cancel()} may be called from any thread.
 */
public final class InterfaceTestRun {

    /** Where a test is; {@code cell}/{@code total} count code cells while running. */
    public record Status(Phase phase, int cell, int total, InterfaceTestReport report) {
        public String describe() {
            return switch (phase) {
                case RUNNING -> total == 0 ? "starting the kernel" : "running cell " + Math.max(cell, 1) + " of " + total;
                default -> phase.name().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }

    public enum Phase {
        QUEUED, CHECKING, RUNNING, VERIFYING, PASSED, FAILED, CANCELLED
    }

    static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(120);

    private final Path notebook;
    private final String name;
    private final Path workDir;
    private final Map<String, Object> overrides;
    private final String kernel;
    private final PapermillRunner runner;
    private final StaticContractCheck staticCheck;
    private final OutputVerifier verifier;
    private volatile Phase phase = Phase.QUEUED;
    private volatile PapermillRun papermill;
    private volatile boolean cancelled;
    private volatile InterfaceTestReport report;

    /**
     * @param notebook  the notebook file
     * @param name      how reports name it (e.g. its workspace path)
     * @param workDir   a folder for this test only (created if missing)
     * @param overrides parameter values replacing the contract's test parameters
     * @param kernel    the kernel to run, or null for the notebook's own
     */
    public InterfaceTestRun(Path notebook, String name, Path workDir, Map<String, Object> overrides, String kernel,
                         PapermillRunner runner, CodeFacts facts) {
        this.notebook = notebook;
        this.name = name;
        this.workDir = workDir;
        this.overrides = Parameters.copyOf(overrides);
        this.kernel = kernel;
        this.runner = runner;
        this.staticCheck = new StaticContractCheck(facts);
        this.verifier = new OutputVerifier(runner.python());
    }

    public Status status() {
        InterfaceTestReport done = report;
        if (done != null) {
            return new Status(phase, 0, 0, done);
        }
        PapermillRun run = papermill;
        if (phase == Phase.RUNNING && run != null) {
            ExecutedNotebook.Progress progress = run.progress();
            return new Status(Phase.RUNNING, progress.cell(), progress.total(), null);
        }
        return new Status(phase, 0, 0, null);
    }

    /** Stops the test; a running notebook's whole process tree is killed. */
    public void cancel() {
        cancelled = true;
        PapermillRun run = papermill;
        if (run != null) {
            run.cancel();
        }
    }

    public InterfaceTestReport run() throws InterruptedException {
        long start = System.nanoTime();
        List<Check> checks = new ArrayList<>();
        long staticMillis = 0;
        long runMillis = 0;
        long verifyMillis = 0;
        Path executed = null;
        try {
            if (cancelled) {
                return finish(InterfaceTestReport.Verdict.CANCELLED, checks, null, new long[] {0, 0, 0}, start);
            }
            phase = Phase.CHECKING;
            Notebook parsed;
            StaticContractCheck.Result result;
            try {
                parsed = Notebook.read(notebook);
                result = staticCheck.check(parsed);
            } catch (Exception e) {
                checks.add(Check.fail("contract", "the notebook could not be checked: " + e.getMessage(), null));
                return finish(InterfaceTestReport.Verdict.FAILED, checks, null, new long[] {millis(start), 0, 0}, start);
            }
            staticMillis = millis(start);
            Contract contract = result.contract();
            if (contract == null && result.findings().isEmpty()) {
                checks.add(Check.fail("contract", "the notebook declares no contract (metadata.jupyship.contract); see docs/contract.md", null));
            } else if (!result.findings().isEmpty()) {
                checks.add(Check.fail("contract", result.findings().size() + " problem(s): " + result.findings().get(0)
                        + (result.findings().size() > 1 ? " (and more)" : ""), result.findings()));
            } else {
                checks.add(Check.pass("contract", "the parameters cell and the code keep the contract's "
                        + contract.parameters().size() + " parameters and " + outputCount(contract.outputs()) + " outputs"));
            }
            if (!checks.get(0).passed()) {
                return finish(InterfaceTestReport.Verdict.FAILED, checks, null, new long[] {staticMillis, 0, 0}, start);
            }

            // Made only for a run: a notebook refused by the static check leaves no folder behind.
            Files.createDirectories(workDir);
            Map<String, Object> parameters = new LinkedHashMap<>(contract.testParameters());
            for (Map.Entry<String, Object> override : overrides.entrySet()) {
                Contract.Parameter parameter = contract.parameters().get(override.getKey());
                Object value = Values.plain(override.getValue());
                String problem = parameter == null ? "is not a parameter of the contract" : parameter.problem(value);
                if (problem != null) {
                    throw new BadInput("parameter '" + override.getKey() + "': " + problem);
                }
                parameters.put(override.getKey(), value);
            }
            Path outputDir = workDir.resolve("output").toAbsolutePath();
            Files.createDirectories(outputDir);
            if (contract.parameters().containsKey(Contract.OUTPUT_DIR)) {
                parameters.put(Contract.OUTPUT_DIR, outputDir.toString());
            }
            String kernelName = kernel != null ? kernel : Json.path(parsed.metadata(), "kernelspec", "name") instanceof String k ? k : null;
            Duration limit = Duration.ofSeconds(contract.timeLimitSeconds());

            long runStart = System.nanoTime();
            phase = Phase.RUNNING;
            papermill = runner.start(new RunSpec(notebook, workDir, parameters, kernelName, limit, RunSpec.DEFAULT_LOG_CAP_BYTES));
            if (cancelled) {
                papermill.cancel();
            }
            RunResult run = papermill.await();
            runMillis = millis(runStart);
            executed = run.executedNotebook();
            if (run.outcome() == RunResult.Outcome.CANCELLED) {
                return finish(InterfaceTestReport.Verdict.CANCELLED, checks, executed, new long[] {staticMillis, runMillis, 0}, start);
            }
            checks.add(run.succeeded()
                    ? Check.pass("run", "ran to the end in " + run.duration().toMillis() + " ms (kernel " + (kernelName == null ? "default" : kernelName) + ")")
                    : Check.fail("run", run.message(), run.failure()));
            if (run.succeeded() && !contract.outputs().isEmpty()) {
                phase = Phase.VERIFYING;
                long verifyStart = System.nanoTime();
                checks.addAll(verifier.verify(contract.outputs(), outputDir, workDir, VERIFY_TIMEOUT));
                verifyMillis = millis(verifyStart);
            } else if (!contract.outputs().isEmpty()) {
                checks.add(Check.fail("outputs", "not verified: the run did not finish", null));
            }
            checks.add(run.outsideWrites().isEmpty()
                    ? Check.pass("writes", "no writes outside the working folder seen")
                    : Check.fail("writes", run.outsideWrites().size() + " path(s) written outside the working folder: "
                            + String.join(", ", run.outsideWrites().stream().limit(5).map(w -> w.substring(w.indexOf('\t') + 1)).toList()),
                            run.outsideWrites()));
            boolean passed = checks.stream().allMatch(Check::passed);
            return finish(passed ? InterfaceTestReport.Verdict.PASSED : InterfaceTestReport.Verdict.FAILED, checks, executed,
                    new long[] {staticMillis, runMillis, verifyMillis}, start);
        } catch (InterruptedException e) {
            cancel();
            throw e;
        } catch (Exception e) {
            checks.add(Check.fail("test", "the test could not run: " + e.getMessage(), null));
            return finish(InterfaceTestReport.Verdict.FAILED, checks, executed, new long[] {staticMillis, runMillis, verifyMillis}, start);
        }
    }

    private InterfaceTestReport finish(InterfaceTestReport.Verdict verdict, List<Check> checks, Path executed, long[] times, long start) {
        InterfaceTestReport done = new InterfaceTestReport(name, verdict, List.copyOf(checks), workDir, executed,
                new InterfaceTestReport.Timings(times[0], times[1], times[2], millis(start)));
        phase = switch (verdict) {
            case PASSED -> Phase.PASSED;
            case FAILED -> Phase.FAILED;
            case CANCELLED -> Phase.CANCELLED;
        };
        report = done;
        return done;
    }

    private static int outputCount(Contract.Outputs outputs) {
        return outputs.files().size() + (outputs.model() == null ? 0 : 1) + (outputs.metrics() == null ? 0 : 1);
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
