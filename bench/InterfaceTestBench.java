import dev.jupyship.contract.InterfaceTestReport;
import dev.jupyship.contract.InterfaceTestRun;
import dev.jupyship.contract.ParserCodeFacts;
import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.PythonEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The platform's overhead around papermill: for each round, a plain papermill run of the notebook
 * (same test parameters, output_dir, fresh folder) and a full interface test of it (contract
 * check, papermill, output verification), interleaved. Prints medians in milliseconds.
 * Run by bench/interface-test as {@code java -cp jupyship.jar bench/InterfaceTestBench.java VENV NOTEBOOK ROUNDS PARAMS_JSON}.
 */
public class InterfaceTestBench {
    public static void main(String[] args) throws Exception {
        PythonEnvironment python = PythonEnvironment.ofVenv(Path.of(args[0]));
        Path notebook = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String parameters = args[3];
        PapermillRunner runner = new PapermillRunner(python);
        List<Long> plain = new ArrayList<>(), total = new ArrayList<>(), checks = new ArrayList<>(), run = new ArrayList<>(), verify = new ArrayList<>();
        for (int i = 0; i <= rounds; i++) {
            Path work = Files.createTempDirectory("bench-plain");
            Path params = work.resolve("params.json");
            Files.writeString(params, parameters.replace("@OUT@", work.resolve("output").toString()));
            long start = System.nanoTime();
            Process p = new ProcessBuilder(python.papermill().toString(), notebook.toString(), work.resolve("out.ipynb").toString(),
                    "-f", params.toString(), "--cwd", work.toString(), "--no-progress-bar")
                    .redirectErrorStream(true).redirectOutput(work.resolve("log").toFile()).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("plain papermill failed: " + Files.readString(work.resolve("log")));
            }
            long plainMs = (System.nanoTime() - start) / 1_000_000;
            InterfaceTestReport report = new InterfaceTestRun(notebook, notebook.toString(), Files.createTempDirectory("bench-test"), Map.of(), null,
                    runner, new ParserCodeFacts()).run();
            if (!report.passed()) {
                throw new IllegalStateException("interface test failed: " + report.failures());
            }
            if (i == 0) {
                continue; // warm-up: JIT, page cache
            }
            plain.add(plainMs);
            total.add(report.timings().totalMillis());
            run.add(report.timings().runMillis());
            checks.add(report.timings().staticMillis());
            verify.add(report.timings().verifyMillis());
        }
        System.out.println(median(plain) + " " + median(total) + " " + median(checks) + " " + median(run) + " " + median(verify) + " " + rounds);
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
