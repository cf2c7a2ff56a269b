package dev.jupyship.run;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the Python programs the platform runs live: the notebook image's environment. By default
 * {@code $JUPYSHIP_VENV} (the project's {@code .venv} in development), else {@code python3} and
 * {@code papermill} from the PATH.
 *
 * @param python    the interpreter: the static analysis and output verification run with it, so it
 *                  must be able to import what the models need (cloudpickle, scikit-learn...)
 * @param papermill the papermill command of the same environment
 */
public record PythonEnvironment(Path python, Path papermill) {

    public static PythonEnvironment detect() {
        String venv = System.getenv("JUPYSHIP_VENV");
        if (venv != null && !venv.isBlank()) {
            return ofVenv(Path.of(venv));
        }
        return new PythonEnvironment(onPath("python3"), onPath("papermill"));
    }

    public static PythonEnvironment ofVenv(Path venv) {
        return new PythonEnvironment(venv.resolve("bin/python"), venv.resolve("bin/papermill"));
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String folder : path.split(File.pathSeparator)) {
                Path candidate = Path.of(folder.isEmpty() ? "." : folder, program);
                if (Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
        }
        return Path.of(program);
    }
}
