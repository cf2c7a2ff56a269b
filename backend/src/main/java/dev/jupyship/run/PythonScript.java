package dev.jupyship.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of jupyship's small Python scripts (a class-path resource) with {@code python -c}, or a
 * module of its Python package beside the jar ({@code image/jupyship_serving}) with {@code python -m}:
 * JSON on stdin, JSON on stdout. The process is killed (with its children) at the deadline.
 */
public final class PythonScript {

    private static final int MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

    private final String name;
    private final String code;
    /** For a module: its name and the folder it is found in; null for a script. */
    private final String module;
    private final Path pythonPath;

    private PythonScript(String name, String code, String module, Path pythonPath) {
        this.name = name;
        this.code = code;
        this.module = module;
        this.pythonPath = pythonPath;
    }

    /** The module (e.g. {@code jupyship_serving.compare}) of the installation's {@code image/} folder ({@link Installation}). */
    public static PythonScript module(String module) {
        return new PythonScript(module, null, module, Installation.folder("image").toAbsolutePath());
    }

    /** Loads the script {@code resource} relative to {@code owner}'s package. */
    public static PythonScript load(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + owner.getName());
            }
            return new PythonScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String code() {
        return code;
    }

    /**
     * Runs the script and returns its stdout.
     *
     * @param cwd the working folder, or null for the current one
     * @throws ScriptFailedException when it exits non-zero or passes the deadline
     */
    public String run(Path python, String stdin, Path cwd, Duration timeout, List<String> args) throws IOException, InterruptedException {
        return run(python, stdin, cwd, timeout, args, java.util.Map.of());
    }

    /** The same, with more in the process's environment. */
    public String run(Path python, String stdin, Path cwd, Duration timeout, List<String> args, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(module == null ? List.of(python.toString(), "-c", code)
                : List.of(python.toString(), "-m", module));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        builder.environment().putAll(env);
        if (pythonPath != null) {
            String inherited = builder.environment().get("PYTHONPATH");
            builder.environment().put("PYTHONPATH", pythonPath + (inherited == null || inherited.isEmpty() ? "" : java.io.File.pathSeparator + inherited));
        }
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = drain(process.getInputStream(), out);
        Thread errReader = drain(process.getErrorStream(), err);
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException closedEarly) {
            // the script exited without reading all its input: its exit status says why
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            ProcessTree.kill(process.toHandle());
            throw new ScriptFailedException(name + " did not finish within " + timeout.toSeconds() + " s");
        }
        outReader.join();
        errReader.join();
        if (process.exitValue() != 0) {
            String detail = err.toString(StandardCharsets.UTF_8).strip();
            throw new ScriptFailedException(name + " failed (exit " + process.exitValue() + ")"
                    + (detail.isEmpty() ? "" : ": " + lastLines(detail, 5)));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream into) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    if (into.size() < MAX_OUTPUT_BYTES) {
                        into.write(buffer, 0, Math.min(read, MAX_OUTPUT_BYTES - into.size()));
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "python-script-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** A script that failed or ran out of time. */
    public static final class ScriptFailedException extends IOException {
        public ScriptFailedException(String message) {
            super(message);
        }
    }
}
