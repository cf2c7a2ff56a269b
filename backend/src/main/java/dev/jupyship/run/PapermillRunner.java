package dev.jupyship.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starts papermill runs, each in its own working folder with its own kernel: the reusable engine
 * behind interface tests and the local batch runner.
 *
 * <p>Each run gets a HOME and TMPDIR inside its folder (so Jupyter's connection files, caches and
 * temporary files are never shared between runs), the user's Jupyter data path for kernelspecs,
 * an IPython startup file that records writes outside the folder, and a marker variable that lets
 * {@link ProcessTree} find every process of the run when it has to be killed. Layout:
 * <pre>
 * workDir/executed.ipynb        papermill's output notebook, saved after each cell
 * workDir/logs/papermill.*.log  stdout and stderr, capped
 * workDir/logs/papermill.log    both, interleaved as they came (what people follow), capped
 * workDir/home, workDir/tmp     the run's HOME and TMPDIR
 * workDir/.run/                 parameters and the outside-writes record
 * </pre>
 */
public final class PapermillRunner {

    static final String EXECUTED = "executed.ipynb";
    static final String MARKER = "JUPYSHIP_RUN_ID";
    /** The interleaved log, in {@code workDir/logs}. */
    public static final String COMBINED_LOG = "papermill.log";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PythonEnvironment python;

    public PapermillRunner(PythonEnvironment python) {
        this.python = python;
    }

    public PythonEnvironment python() {
        return python;
    }

    public PapermillRun start(RunSpec spec) throws IOException {
        Path work = spec.workDir().toAbsolutePath();
        Path home = work.resolve("home");
        Path tmp = work.resolve("tmp");
        Path internal = work.resolve(".run");
        Path logs = work.resolve("logs");
        for (Path folder : List.of(home, tmp, internal, logs, home.resolve(".ipython/profile_default/startup"))) {
            Files.createDirectories(folder);
        }
        try (InputStream guard = PapermillRunner.class.getResourceAsStream("write_guard.py")) {
            Files.write(home.resolve(".ipython/profile_default/startup/00-jupyship-write-guard.py"), guard.readAllBytes());
        }
        Path parameters = internal.resolve("parameters.json");
        JSON.writeValue(parameters.toFile(), spec.parameters());
        Path executed = work.resolve(EXECUTED);
        Path writeLog = internal.resolve("outside-writes.log");

        List<String> command = new ArrayList<>(List.of(python.papermill().toString(),
                spec.notebook().toAbsolutePath().toString(), executed.toString(),
                "-f", parameters.toString(), "--cwd", work.toString(),
                "--no-progress-bar", "--request-save-on-cell-execute", "--autosave-cell-every", "10"));
        if (spec.logCellOutput()) {
            command.add("--log-output");
        }
        if (spec.kernel() != null && !spec.kernel().isBlank()) {
            command.addAll(List.of("-k", spec.kernel()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = builder.environment();
        String userHome = System.getProperty("user.home");
        String jupyterPath = userHome + "/.local/share/jupyter";
        env.merge("JUPYTER_PATH", jupyterPath, (old, added) -> old + java.io.File.pathSeparator + added);
        env.put("HOME", home.toString());
        env.put("IPYTHONDIR", home.resolve(".ipython").toString());
        for (String name : List.of("TMPDIR", "TMP", "TEMP")) {
            env.put(name, tmp.toString());
        }
        env.remove("JUPYTER_RUNTIME_DIR");
        env.remove("JUPYTER_CONFIG_DIR");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("JUPYSHIP_WORK_DIR", work.toString());
        env.put("JUPYSHIP_WRITE_LOG", writeLog.toString());
        String marker = UUID.randomUUID().toString();
        env.put(MARKER, marker);

        boolean sourceHadInjected = ExecutedNotebook.hasInjectedCell(ExecutedNotebook.scan(spec.notebook(), false));
        Process process = builder.start();
        Path stdout = logs.resolve("papermill.stdout.log");
        Path stderr = logs.resolve("papermill.stderr.log");
        CappedLog.Capped combined = CappedLog.combined(logs.resolve(COMBINED_LOG), spec.logCapBytes(), 2);
        Thread outLog = CappedLog.start(process.getInputStream(), stdout, spec.logCapBytes(), "papermill-stdout", combined);
        Thread errLog = CappedLog.start(process.getErrorStream(), stderr, spec.logCapBytes(), "papermill-stderr", combined);
        process.getOutputStream().close();
        return new PapermillRun(spec, process, MARKER + "=" + marker, executed, stdout, stderr, writeLog, outLog, errLog, sourceHadInjected);
    }
}
