package dev.jupyship.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts papermill runs, each in its own working folder with its own kernel: the reusable engine
 * behind interface tests and the local batch runner.
 *
 * <p>Each run gets a HOME and TMPDIR inside its folder (so Jupyter's connection files, caches and
 * temporary files are never shared between runs), the user's Jupyter data path for kernelspecs,
 * an IPython startup file that records writes outside the folder, a {@link RunEnvironment clean
 * environment} and a marker variable that lets {@link ProcessTree} find every process of the run
 * when it has to be killed. papermill runs under a {@link RunGuard guard}, which keeps the run's
 * deadline and logs even when the sidecar that started it is gone. Layout:
 * <pre>
 * workDir/executed.ipynb        papermill's output notebook, saved after each cell
 * workDir/logs/papermill.*.log  stdout and stderr, capped
 * workDir/logs/papermill.log    both, interleaved as they came (what people follow), capped
 * workDir/home, workDir/tmp     the run's HOME and TMPDIR
 * workDir/.run/                 parameters, the outside-writes record, the guard's files
 * </pre>
 */
public final class PapermillRunner {

    static final String EXECUTED = "executed.ipynb";
    static final String MARKER = "JUPYSHIP_RUN_ID";
    /** The run's own files in its working folder: parameters, the guard and what it records. */
    static final String RUN = ".run";
    /** The interleaved log, in {@code workDir/logs}. */
    public static final String COMBINED_LOG = "papermill.log";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PythonEnvironment python;
    private final RunEnvironment environment;

    public PapermillRunner(PythonEnvironment python) {
        this(python, RunEnvironment.standard());
    }

    public PapermillRunner(PythonEnvironment python, RunEnvironment environment) {
        this.python = python;
        this.environment = environment;
    }

    public PythonEnvironment python() {
        return python;
    }

    public PapermillRun start(RunSpec spec) throws IOException {
        Path work = spec.workDir().toAbsolutePath();
        Path home = work.resolve("home");
        Path tmp = work.resolve("tmp");
        Path internal = work.resolve(RUN);
        Path logs = work.resolve("logs");
        for (Path folder : List.of(home, tmp, internal, logs, home.resolve(".ipython/profile_default/startup"))) {
            Files.createDirectories(folder);
        }
        copyResource("write_guard.py", home.resolve(".ipython/profile_default/startup/00-jupyship-write-guard.py"));
        Path guardScript = copyResource("run_guard.py", internal.resolve("run_guard.py"));
        Path parameters = internal.resolve("parameters.json");
        JSON.writeValue(parameters.toFile(), spec.parameters());
        Path executed = work.resolve(EXECUTED);

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
        String marker = MARKER + "=" + UUID.randomUUID();
        boolean sourceHadInjected = ExecutedNotebook.hasInjectedCell(ExecutedNotebook.scan(spec.notebook(), false));
        Instant deadline = Instant.now().plus(spec.timeLimit());
        RunGuard guard = RunGuard.in(work, marker, deadline, spec.timeLimit(), sourceHadInjected);
        guard.write(command, spec.logCapBytes());

        // The guard, not papermill, is the sidecar's child; its own output (a crash of the guard) goes to a file,
        // since a sidecar killed meanwhile would leave a pipe nobody reads.
        ProcessBuilder builder = new ProcessBuilder(python.python().toString(), guardScript.toString(), guard.specFile().toString())
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(internal.resolve("guard.log").toFile()));
        Map<String, String> env = builder.environment();
        Map<String, String> passed = environment.filter(System.getenv());
        env.clear();
        env.putAll(passed);
        String userHome = System.getProperty("user.home");
        String jupyterPath = userHome + "/.local/share/jupyter";
        env.merge("JUPYTER_PATH", jupyterPath, (old, added) -> old + java.io.File.pathSeparator + added);
        env.put("HOME", home.toString());
        env.put("IPYTHONDIR", home.resolve(".ipython").toString());
        for (String name : List.of("TMPDIR", "TMP", "TEMP")) {
            env.put(name, tmp.toString());
        }
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("JUPYSHIP_WORK_DIR", work.toString());
        env.put("JUPYSHIP_WRITE_LOG", guard.writeLog().toString());
        env.put(MARKER, marker.substring(MARKER.length() + 1));
        Process process = builder.start();
        return new PapermillRun(spec.timeLimit(), guard, process.toHandle(), process.onExit().thenApply(Process::toHandle));
    }

    /**
     * A run started earlier, found again from its folder (by a sidecar started after the one that
     * started it): followed while its guard lives, or ended with what the guard recorded. Empty
     * when the folder holds no run, or its guard was killed before recording an outcome.
     */
    public static Optional<PapermillRun> attach(Path workDir) {
        Optional<RunGuard> found = RunGuard.read(workDir.toAbsolutePath());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RunGuard guard = found.get();
        Optional<ProcessHandle> alive = guard.process();
        if (alive.isEmpty() && !guard.ended()) {
            return Optional.empty();
        }
        ProcessHandle handle = alive.orElse(null);
        return Optional.of(new PapermillRun(guard.timeLimit(), guard, handle,
                handle == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : handle.onExit()));
    }

    /** Whether the run in this folder still runs (its guard lives), whoever started it. */
    public static boolean isRunning(Path workDir) {
        return RunGuard.read(workDir.toAbsolutePath()).flatMap(RunGuard::process).isPresent();
    }

    private static Path copyResource(String name, Path to) throws IOException {
        try (InputStream in = PapermillRunner.class.getResourceAsStream(name)) {
            Files.write(to, in.readAllBytes());
        }
        return to;
    }
}
