package dev.jupyship.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.run.CellFailure;
import dev.jupyship.run.ProcessTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real papermill runs of the examples: the training notebooks pass their contracts; each notebook
 * of examples/broken that only breaks when run fails with the check its metadata names (kernel
 * death, endless loop, 100 MB of output and writes outside the folder included), and leaves no
 * process behind.
 */
class ExamplesIT {

    @TempDir
    Path work;

    static Stream<Path> passing() {
        return Examples.passing().stream();
    }

    static Stream<Examples.Expectation> brokenWhenRun() {
        return Examples.broken().stream().filter(e -> e.finding() == null);
    }

    @ParameterizedTest
    @MethodSource("passing")
    void trainingExamplesPass(Path notebook) throws Exception {
        InterfaceTestReport report = Examples.test(notebook, work.resolve("run"), Map.of()).run();
        assertTrue(report.passed(), report.checks().toString());
        assertTrue(report.checks().stream().anyMatch(c -> c.name().startsWith("model ")), report.checks().toString());
        assertTrue(Files.size(report.executedNotebook()) > 0);
        assertNoProcessLeft(report);
    }

    @ParameterizedTest
    @MethodSource("brokenWhenRun")
    void eachBrokenExampleFailsWithItsCheck(Examples.Expectation expected) throws Exception {
        InterfaceTestReport report = Examples.test(expected.notebook(), work.resolve("run"), Map.of()).run();
        if (expected.passes()) {
            assertTrue(report.passed(), report.checks().toString());
        } else {
            assertEquals(InterfaceTestReport.Verdict.FAILED, report.verdict());
            Check failed = report.failures().get(0);
            assertEquals(expected.check(), failed.name(), report.checks().toString());
            assertTrue(failed.message().contains(expected.message()), failed.message());
        }
        assertNoProcessLeft(report);
        if (expected.notebook().getFileName().toString().equals("cell_error.ipynb")) {
            CellFailure cell = (CellFailure) report.failures().get(0).detail();
            assertEquals(3, cell.cell());
            assertEquals("ValueError", cell.ename());
            assertTrue(cell.source().contains("raise ValueError"), cell.source());
            assertTrue(cell.traceback().stream().noneMatch(line -> line.contains("\u001b[")), cell.traceback().toString());
        }
        if (expected.notebook().getFileName().toString().equals("infinite_loop.ipynb")) {
            // The limit stopped the loop itself, not a kernel slow to start: the looping cell was running.
            CellFailure cell = (CellFailure) report.failures().get(0).detail();
            assertNotNull(cell, report.failures().get(0).message());
            assertEquals(3, cell.cell(), report.failures().get(0).message());
            assertTrue(cell.source().contains("while True:"), cell.source());
            assertTrue(report.failures().get(0).message().endsWith("in cell 4, the last cell that started"), report.failures().get(0).message());
        }
        if (expected.notebook().getFileName().toString().equals("kernel_dies.ipynb")) {
            CellFailure cell = (CellFailure) report.failures().get(0).detail();
            assertNotNull(cell);
            assertTrue(cell.source().contains("_os._exit(1)"), cell.source());
        }
        if (expected.notebook().getFileName().toString().equals("prints_100mb.ipynb")) {
            assertTrue(Files.size(report.executedNotebook()) > 100_000_000L);
            assertTrue(Files.size(report.workDir().resolve("logs/papermill.stderr.log")) <= dev.jupyship.run.RunSpec.DEFAULT_LOG_CAP_BYTES + 200);
        }
    }

    static void assertNoProcessLeft(InterfaceTestReport report) throws InterruptedException {
        String marker = "JUPYSHIP_WORK_DIR=" + report.workDir().toAbsolutePath();
        for (int i = 0; i < 50 && !ProcessTree.withEnvironment(marker).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertEquals(0, ProcessTree.withEnvironment(marker).size(), "processes of the run are still alive");
    }
}
