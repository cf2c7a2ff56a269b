package dev.jupyship.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repeatability, isolation of concurrent tests, cancellation and parameter overrides. */
class InterfaceTestLimitsIT {

    @TempDir
    Path work;

    private static Path example(String name) {
        return Examples.root().resolve(name);
    }

    @Test
    void theSameTestTwiceGivesTheSameVerdict() throws Exception {
        for (String name : List.of("broken/metric_out_of_bounds.ipynb")) {
            InterfaceTestReport first = Examples.test(example(name), work.resolve(name + "-1"), Map.of()).run();
            InterfaceTestReport second = Examples.test(example(name), work.resolve(name + "-2"), Map.of()).run();
            assertEquals(first.verdict(), second.verdict(), name);
            assertEquals(first.checks().stream().map(c -> c.name() + c.passed()).toList(),
                    second.checks().stream().map(c -> c.name() + c.passed()).toList(), name);
        }
    }

    @Test
    void twoTestsAtOnceShareNoFilesOrKernels() throws Exception {
        Path a = work.resolve("a");
        Path b = work.resolve("b");
        CompletableFuture<InterfaceTestReport> first = CompletableFuture.supplyAsync(() -> run(example("quickstart.ipynb"), a));
        CompletableFuture<InterfaceTestReport> second = CompletableFuture.supplyAsync(() -> run(example("quickstart.ipynb"), b));
        InterfaceTestReport one = first.get();
        InterfaceTestReport two = second.get();
        assertTrue(one.passed(), one.checks().toString());
        assertTrue(two.passed(), two.checks().toString());
        assertNotEquals(one.executedNotebook(), two.executedNotebook());
        // One papermill process, so one kernel, per run; its connection file goes to the run's own TMPDIR.
        assertTrue(Files.isDirectory(a.resolve("tmp")) && Files.isDirectory(b.resolve("tmp")));
        assertTrue(Files.isRegularFile(a.resolve("output/model.pkl")) && Files.isRegularFile(b.resolve("output/model.pkl")));
    }

    @Test
    void cancelKillsTheRunAndItsKernel() throws Exception {
        Path loop = work.resolve("loop.ipynb");
        Files.copy(example("broken/infinite_loop.ipynb"), loop);
        InterfaceTestRun test = Examples.test(loop, work.resolve("loop"), Map.of());
        CompletableFuture<InterfaceTestReport> report = CompletableFuture.supplyAsync(() -> {
            try {
                return test.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // However slow the kernel is to start, the loop is reached before the example's own 60 s limit ends it.
        while (!(test.status().phase() == InterfaceTestRun.Phase.RUNNING && test.status().cell() >= 3)) {
            assertFalse(report.isDone(), "the run ended before its looping cell: " + test.status().describe());
            Thread.sleep(50);
        }
        assertEquals("running cell 3 of 4", test.status().describe());
        test.cancel();
        InterfaceTestReport done = report.get();
        assertEquals(InterfaceTestReport.Verdict.CANCELLED, done.verdict());
        ExamplesIT.assertNoProcessLeft(done);
    }

    @Test
    void parametersOutsideTheContractAreRefused() throws Exception {
        InterfaceTestReport report = Examples.test(example("quickstart.ipynb"), work.resolve("q"), Map.of("seed", "seven")).run();
        assertEquals(InterfaceTestReport.Verdict.FAILED, report.verdict());
        assertTrue(report.failures().get(0).message().contains("parameter 'seed': \"seven\" is not an int"), report.failures().toString());

        // JSON null is Python's None: judged by the contract like any value (the API fuzz once got a 500 for it).
        Map<String, Object> none = new java.util.HashMap<>();
        none.put("seed", null);
        InterfaceTestReport withNone = Examples.test(example("quickstart.ipynb"), work.resolve("n"), none).run();
        assertEquals(InterfaceTestReport.Verdict.FAILED, withNone.verdict());
        assertTrue(withNone.failures().get(0).message().contains("parameter 'seed': None is not an int"), withNone.failures().toString());
    }

    private static InterfaceTestReport run(Path notebook, Path workDir) {
        try {
            return Examples.test(notebook, workDir, Map.of()).run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
