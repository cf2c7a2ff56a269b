package dev.jupyship.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.HangGuard;
import dev.jupyship.testing.PythonEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher hands lint, export, diff, test and the git hook to the running sidecar, and the
 * result is the launcher's own, byte for byte: each command line runs twice in the same folder, once
 * in a JVM of its own ({@code JUPYSHIP_NO_SIDECAR=1}) and once through the sidecar with no jar to
 * fall back on ({@code JUPYSHIP_JAR} naming nothing, so a silent fallback would fail), the folder
 * restored in between; stdout, stderr, exit code and every file of the folder are compared. What the
 * sidecar must not run (a path outside its workspace) and a sidecar that is gone fall back to the
 * launcher's own JVM.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CommandLineHandoffIT {

    @TempDir
    static Path folder;
    static Path workspace;
    static Path runtime;
    static Process sidecar;

    @BeforeAll
    static void startSidecar() throws Exception {
        workspace = Files.createDirectories(folder.resolve("work"));
        runtime = folder.resolve("runtime");
        Path examples = Corpus.repository().resolve("examples");
        Files.createDirectories(workspace.resolve("team"));
        Files.copy(examples.resolve("quickstart.ipynb"), workspace.resolve("quickstart.ipynb"));
        Files.copy(examples.resolve("iris_classifier.ipynb"), workspace.resolve("team/iris.ipynb"));
        try (Stream<Path> broken = Files.list(examples.resolve("broken"))) {
            Files.createDirectories(workspace.resolve("broken"));
            for (Path notebook : broken.filter(p -> p.toString().endsWith(".ipynb")).toList()) {
                Files.copy(notebook, workspace.resolve("broken").resolve(notebook.getFileName()));
            }
        }
        Files.writeString(workspace.resolve(".gitignore"), ".jupyship/\n");
        git("init", "-q", "-b", "main", ".");
        git("add", "-A");
        git("commit", "-qm", "notebooks");
        // What killed sidecars left: the one that starts removes those of its machine. A live process's file
        // stays, and so does one another machine wrote (a pod sharing the home folder, whose processes are not seen here).
        Files.createDirectories(runtime);
        Path left = runtime.resolve("sidecar-" + deadPid() + ".json");
        Files.writeString(left, "{\n  \"pid\": 1\n}\n");
        Path otherMachines = runtime.resolve("sidecar-" + deadPid() + ".json");
        Files.writeString(otherMachines, "{\n  \"pid\": 1,\n  \"machine\": \"jupyter-ana-gpu-7f9c\"\n}\n");
        Path live = runtime.resolve("sidecar-" + ProcessHandle.current().pid() + ".json");
        Files.writeString(live, "{\n  \"pid\": " + ProcessHandle.current().pid() + "\n}\n");
        ProcessBuilder serve = launcher(List.of("serve", "-w", workspace.toString(), "--port", "0"), workspace, Map.of());
        serve.redirectErrorStream(true).redirectOutput(folder.resolve("sidecar.log").toFile());
        sidecar = serve.start();
        // the launcher execs the JVM: the sidecar's pid is the process's
        HangGuard.until("the sidecar's runtime file in " + runtime, () -> Files.exists(runtime.resolve("sidecar-" + sidecar.pid() + ".json")));
        assertTrue(Files.notExists(left), "the file of a sidecar that is gone is removed");
        assertTrue(Files.exists(live), "the file of a running process stays");
        assertTrue(Files.exists(otherMachines), "the file another machine wrote stays");
        Files.delete(live);
        Files.delete(otherMachines);
    }

    /** The pid of a process that has ended (and so, for a while, of none). */
    private static long deadPid() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertEquals(0, ended.waitFor());
        return ended.pid();
    }

    @AfterAll
    static void stopSidecar() throws Exception {
        if (sidecar != null) {
            sidecar.destroy();
            assertTrue(sidecar.waitFor(30, TimeUnit.SECONDS), "the sidecar stops on SIGTERM");
            assertEquals(null, runtimeFile(), "a stopped sidecar removes its runtime file");
        }
    }

    private static Path runtimeFile() {
        try (Stream<Path> files = Files.list(runtime)) {
            return files.filter(f -> f.getFileName().toString().matches("sidecar-\\d+\\.json")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static ProcessBuilder launcher(List<String> args, Path in, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(Corpus.repository().resolve("bin/jupyship").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(in.toFile());
        builder.environment().put("JUPYSHIP_RUNTIME_DIR", runtime.toString());
        builder.environment().put("JUPYSHIP_JAR", Corpus.repository().resolve("backend/target/jupyship.jar").toString());
        builder.environment().put("JUPYSHIP_VENV", PythonEnv.root().toString());
        builder.environment().remove("JUPYSHIP_NO_SIDECAR");
        builder.environment().putAll(env);
        return builder;
    }

    private static String git(String... args) throws Exception {
        GitRun done = git(Map.of(), args);
        assertEquals(0, done.code(), "git " + String.join(" ", args) + ": " + done.output());
        return done.output();
    }

    /** What a git command gave: its exit code, and stdout and stderr together (a hook's included). */
    record GitRun(int code, String output) {
    }

    /** git in the work tree, with the launcher's environment (a hook it runs finds the sidecar) and {@code env}. */
    private static GitRun git(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Jane", "-c", "user.email=jane@example.com"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true);
        builder.environment().put("JUPYSHIP_RUNTIME_DIR", runtime.toString());
        builder.environment().put("JUPYSHIP_VENV", PythonEnv.root().toString());
        builder.environment().remove("JUPYSHIP_NO_SIDECAR");
        builder.environment().remove("JUPYSHIP_JAR");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "git " + String.join(" ", args));
        return new GitRun(process.exitValue(), output);
    }

    /** What one run left: its streams, its exit code, and every file of the work tree (.git and the sidecar's folder aside). */
    record Result(int code, String out, String err, Map<String, String> files) {
    }

    private static Result run(List<String> args, String in, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(folder, "out", ".txt");
        Path err = Files.createTempFile(folder, "err", ".txt");
        Process process = launcher(args, workspace.resolve(in), env).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "jupyship " + args);
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(workspace)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                String name = workspace.relativize(file).toString();
                if (!name.startsWith(".git/") && !name.startsWith(".jupyship/")) {
                    files.put(name, Files.readString(file));
                }
            }
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err), files);
    }

    /** The work tree as committed, with {@code prepare} done (a change to review, a notebook staged). */
    private static void restore(String prepare) throws Exception {
        git("reset", "-q", "--hard");
        git("clean", "-qfd", "-e", ".jupyship");
        if (prepare != null) {
            new ProcessBuilder("bash", "-c", prepare).directory(workspace.toFile()).start().waitFor();
        }
    }

    /** Runs {@code args} in its own JVM and through the sidecar, from the same start, and says what they gave. */
    private static Result[] both(String in, String prepare, String... args) throws Exception {
        restore(prepare);
        Result own = run(List.of(args), in, Map.of("JUPYSHIP_NO_SIDECAR", "1"));
        restore(prepare);
        Result handedOff = run(List.of(args), in, Map.of("JUPYSHIP_JAR", folder.resolve("no-jar-here.jar").toString()));
        return new Result[] {own, handedOff};
    }

    /** A change to review and commit: a parameter's default and a line of code. */
    private static final String CHANGE = "sed -i 's/seed = 42/seed = 7/; s/random.gauss(0, 0.1)/random.gauss(0, 0.2)/' quickstart.ipynb";

    private static void assertSame(Result[] results, String what) {
        Result own = results[0];
        Result handedOff = results[1];
        assertEquals(own.out(), handedOff.out(), what + ": stdout");
        assertEquals(own.err(), handedOff.err(), what + ": stderr");
        assertEquals(own.code(), handedOff.code(), what + ": exit code");
        assertEquals(own.files().keySet(), handedOff.files().keySet(), what + ": the files it left");
        own.files().forEach((name, text) -> assertEquals(text, handedOff.files().get(name), what + ": " + name));
    }

    @Test
    void lintExportDiffAndTheHookGiveWhatTheirOwnProcessGives() throws Exception {
        String change = CHANGE;
        restore(change);
        assertEquals(1, git(Map.of(), "diff", "--quiet").code(), "the change changes the notebook");
        String[][] cases = {
            {"", null, "lint", "--no-standard", "quickstart.ipynb", "team"},
            {"", null, "lint", "--no-standard", "--format", "json", "broken"},
            {"", null, "lint", "--no-standard", "--format", "sarif", "-o", "lint.sarif", "broken", "quickstart.ipynb"},
            {"", null, "lint", "--no-standard", "--fix", "broken"},
            {"", null, "lint", "--no-standard", "missing.ipynb"},
            {"team", null, "lint", "--no-standard", "../quickstart.ipynb", "iris.ipynb", "./iris.ipynb"},
            {"", null, "export", "quickstart.ipynb", "team"},
            {"", null, "export", "-o", "review/", "team"},
            {"team", null, "export", "-o", "-", "iris.ipynb"},
            {"", change, "diff", "quickstart.ipynb"},
            {"", change, "diff", "--json", "quickstart.ipynb"},
            {"", change + " && git add quickstart.ipynb", "hook", "run"},
            {"", null, "hook", "run", "quickstart.ipynb", "team/iris.ipynb"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 2, c.length);
            assertSame(both(c[0], c[1], args), "jupyship " + String.join(" ", args) + " in '" + c[0] + "'");
        }
    }

    @Test
    void anInstalledHookHandsACommitToTheSidecarButNotACommitFromAnotherIndex() throws Exception {
        restore(null);
        String start = git("rev-parse", "HEAD").strip();
        Path jar = Files.copy(Corpus.repository().resolve("backend/target/jupyship.jar"), folder.resolve("hook.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Path hook = workspace.resolve(".git/hooks/pre-commit");
        String change = CHANGE;
        try {
            Result installed = run(List.of("hook", "install"), "", Map.of("JUPYSHIP_JAR", jar.toString()));
            assertEquals(0, installed.code(), installed.err());
            assertTrue(Files.readString(hook).contains("exec " + Corpus.repository().resolve("bin/jupyship") + " hook run"),
                    "the hook runs the launcher: " + Files.readString(hook));

            restore(change + " && git add quickstart.ipynb");
            GitRun own = git(Map.of("JUPYSHIP_NO_SIDECAR", "1"), "commit", "-qm", "a change");
            assertEquals(0, own.code(), own.output());
            String ownTree = git("ls-tree", "-r", "HEAD");
            assertTrue(ownTree.contains("\tquickstart.py\n"), "the hook staged the export: " + ownTree);
            git("reset", "-q", "--hard", start);

            // With the jar gone only the sidecar can run the hook; the commit holds what the launcher's own JVM gave.
            Files.delete(jar);
            restore(change + " && git add quickstart.ipynb");
            GitRun handedOff = git(Map.of(), "commit", "-qm", "a change");
            assertEquals(0, handedOff.code(), handedOff.output());
            assertEquals(own.output(), handedOff.output());
            assertEquals(ownTree, git("ls-tree", "-r", "HEAD"));
            git("reset", "-q", "--hard", start);

            // commit -a gives the hook git's index.lock, which the sidecar would not read: the launcher keeps
            // the hook, and says it has no jar to run it with.
            restore(change);
            GitRun all = git(Map.of(), "commit", "-qam", "a change");
            assertEquals("jupyship: no jar found; build it with scripts/build (or set JUPYSHIP_JAR)\n", all.output());
            assertEquals(1, all.code(), "git refuses the commit its hook failed");
            assertEquals(start, git("rev-parse", "HEAD").strip());
        } finally {
            Files.deleteIfExists(hook);
            git("reset", "-q", "--hard", start);
        }
    }

    @Test
    void anInterfaceTestGivesWhatItsOwnProcessGivesButForItsTimings() throws Exception {
        PythonEnv.program("papermill");
        Result[] results = both("", null, "test", "quickstart.ipynb", "--junit-xml", "junit.xml");
        for (int i = 0; i < 2; i++) {
            Result r = results[i];
            // The default working folder is kept for the executed notebook it holds: this test removes it.
            java.util.regex.Matcher kept = java.util.regex.Pattern.compile("executed notebook: (.*/jupyship-test-[0-9]+)/").matcher(r.out());
            assertTrue(kept.find(), r.out());
            try (java.util.stream.Stream<Path> walk = Files.walk(Path.of(kept.group(1)))) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            // Durations and the temporary working folder differ from one run to the next, wherever it runs.
            Map<String, String> files = new TreeMap<>(r.files());
            files.replaceAll((name, text) -> text.replaceAll("time=\"[0-9.]+\"", "time=\"T\"").replaceAll("timestamp=\"[^\"]*\"", "")
                    .replaceAll("jupyship-test-[0-9]+", "jupyship-test-N"));
            results[i] = new Result(r.code(), r.out().replaceAll("\\([0-9.]+ s\\)", "(T)").replaceAll("in [0-9]+ ms", "in T ms").replaceAll("executed notebook: .*", "executed notebook: X"),
                    r.err(), files);
        }
        assertEquals(0, results[0].code(), results[0].out() + results[0].err());
        assertSame(results, "jupyship test");
    }

    @Test
    void whatTheSidecarMustNotRunAndAGoneSidecarFallBackToTheLaunchersOwnJvm() throws Exception {
        Path outside = Files.createDirectories(folder.resolve("elsewhere"));
        Files.copy(Corpus.repository().resolve("examples/quickstart.ipynb"), outside.resolve("other.ipynb"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        restore(null);
        Result own = run(List.of("lint", "--no-standard", outside.resolve("other.ipynb").toString()), "", Map.of("JUPYSHIP_NO_SIDECAR", "1"));
        Result fellBack = run(List.of("lint", "--no-standard", outside.resolve("other.ipynb").toString()), "", Map.of());
        assertSame(new Result[] {own, fellBack}, "a notebook outside the sidecar's workspace");
        Result refused = run(List.of("lint", "--no-standard", outside.resolve("other.ipynb").toString()), "",
                Map.of("JUPYSHIP_JAR", folder.resolve("no-jar-here.jar").toString()));
        assertEquals(2, refused.code(), "the sidecar handed it back rather than reading outside its workspace: " + refused.out() + refused.err());

        // A runtime file (of a running process, this test's) that names a port nothing answers on: the launcher runs the command itself.
        Path onlyStale = Files.createDirectories(folder.resolve("only-stale"));
        long running = ProcessHandle.current().pid();
        Files.writeString(onlyStale.resolve("sidecar-" + running + ".json"), "{\n  \"pid\": " + running + ",\n  \"host\": \"127.0.0.1\",\n  \"port\": 1,\n"
                + "  \"workspace\": \"" + workspace + "\",\n  \"token\": \"\",\n  \"secret\": \"stale\"\n}\n");
        Result alone = run(List.of("lint", "--no-standard", "quickstart.ipynb"), "", Map.of("JUPYSHIP_RUNTIME_DIR", onlyStale.toString()));
        assertEquals(0, alone.code(), alone.err());
        assertEquals("All checks passed (1 notebook).\n", alone.out());

        // Even when its port and secret would answer (the running sidecar's here), the file of a process that is gone
        // is not read: with no jar to fall back on, the command fails instead of reaching the sidecar.
        Path deadOnly = Files.createDirectories(folder.resolve("dead-only"));
        Files.writeString(deadOnly.resolve("sidecar-" + deadPid() + ".json"), Files.readString(runtimeFile()));
        Result passedOver = run(List.of("lint", "--no-standard", "quickstart.ipynb"), "",
                Map.of("JUPYSHIP_RUNTIME_DIR", deadOnly.toString(), "JUPYSHIP_JAR", folder.resolve("no-jar-here.jar").toString()));
        assertEquals(2, passedOver.code(), passedOver.out() + passedOver.err());
        assertTrue(passedOver.err().contains("no jar found"), passedOver.err());
    }
}
