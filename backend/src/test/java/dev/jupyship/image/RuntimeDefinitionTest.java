package dev.jupyship.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One definition of the runtime: the image, the dev set-up and the tests install the same pinned
 * environment and start through the same script. These fail when one of them drifts.
 */
class RuntimeDefinitionTest {

    private static final Path REPO = Corpus.repository();
    private static final String INSTALL = "/opt/jupyship/";
    /** Where scripts/build puts the jar, and where scripts/build-image stages the extension and the wheelhouse. */
    private static final String JAR = "backend/target/jupyship.jar";
    private static final String STAGED = "target/image/";

    private static String read(String path) throws IOException {
        return Files.readString(REPO.resolve(path));
    }

    /** A copied source that the build makes rather than the repository holds: the jar, and what scripts/build-image stages. */
    private static boolean built(String source) {
        return source.equals(JAR) || source.startsWith(STAGED);
    }

    private static boolean inImage(Set<String> installed, String path) {
        return installed.stream().anyMatch(p -> p.equals(path) || path.startsWith(p.endsWith("/") ? p : p + "/"));
    }

    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    @Test
    void theImageInstallsExactlyThePinnedRequirements() throws IOException {
        List<String> installs = RuntimeDockerfile.instructions().stream().filter(i -> i.contains("pip install")).toList();
        assertEquals(1, installs.size(), "one pip install in the Dockerfile: " + installs);
        Matcher file = Pattern.compile("pip install\\s+(?:--\\S+\\s+(?:[^-\\s]\\S*\\s+)?)*-r\\s+(\\S+)$").matcher(installs.get(0));
        assertTrue(file.find(), "the pip install takes nothing but options and one -r FILE: " + installs.get(0));
        Matcher wheels = Pattern.compile("--no-index --find-links (\\S+) ").matcher(installs.get(0));
        assertTrue(wheels.find(), "installed from the wheelhouse only: " + installs.get(0));
        assertEquals(STAGED + "wheels", RuntimeDockerfile.copiesFromContext().get(wheels.group(1)), "the wheelhouse scripts/build-image stages");
        assertEquals("image/requirements.txt", RuntimeDockerfile.copiesFromContext().get(file.group(1)),
                "the file it installs is the repository's image/requirements.txt");
    }

    @Test
    void theDevSetUpInstallsTheSameFile() throws IOException {
        String setup = read("scripts/setup-python");
        assertTrue(setup.contains("requirements=\"$root/image/requirements.txt\""), setup);
        List<String> installs = setup.lines().filter(l -> l.contains("pip\" install") || l.contains("pip install")).toList();
        assertEquals(1, installs.size(), "one pip install in scripts/setup-python: " + installs);
        assertTrue(installs.get(0).strip().endsWith("-r \"$requirements\""), installs.get(0));
        assertTrue(read("scripts/test").contains("setup-python"), "the test command makes the same environment");
    }

    @Test
    void everyPackageOfTheDefinitionIsPinned() throws IOException {
        Map<String, String> pins = new LinkedHashMap<>();
        for (String line : read("image/requirements.txt").split("\n")) {
            String entry = line.replaceAll("#.*", "").strip();
            if (entry.isEmpty()) {
                continue;
            }
            Matcher pin = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)==([^\\s;]+)").matcher(entry);
            assertTrue(pin.matches(), "requirements.txt pins every line as name==version: " + line);
            pins.put(normalized(pin.group(1)), pin.group(2));
        }
        int checked = 0;
        for (String line : read("image/requirements.in").split("\n")) {
            String entry = line.replaceAll("#.*", "").strip();
            if (entry.isEmpty()) {
                continue;
            }
            Matcher requirement = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)(\\[[^]]*])?\\s*(?:==\\s*(\\S+))?.*").matcher(entry);
            assertTrue(requirement.matches(), line);
            String name = normalized(requirement.group(1));
            assertTrue(pins.containsKey(name), name + " is in requirements.in but not pinned in requirements.txt (run scripts/lock-python)");
            if (requirement.group(3) != null) {
                assertEquals(requirement.group(3), pins.get(name), name + ": requirements.txt pins another version than requirements.in");
            }
            checked++;
        }
        assertTrue(checked >= 10, "read the definition: " + checked);
    }

    @Test
    void theImageHoldsEverythingTheStartScriptUses() throws IOException {
        String start = read("image/start");
        Set<String> installed = RuntimeDockerfile.installed();
        Set<String> needed = new LinkedHashSet<>();
        Matcher home = Pattern.compile("\\$JUPYSHIP_HOME/([A-Za-z0-9_][A-Za-z0-9_./-]*)").matcher(start);
        while (home.find()) {
            needed.add(home.group(1));
        }
        needed.remove(".venv");   // the dev set-up's environment; the image's is /opt/jupyship/venv
        needed.add("image/start");
        needed.add("snippets");   // the sidecar's default snippet folder is $JUPYSHIP_HOME/snippets
        needed.add("lib/jupyship.jar");   // where bin/jupyship looks for the jar in an installation
        assertTrue(needed.contains("bin/jupyship") && needed.contains("image/jupyter_server_config.py"), needed.toString());
        for (String path : needed) {
            assertTrue(inImage(installed, INSTALL + path), "the Dockerfile does not copy " + INSTALL + path + "; it copies " + installed);
        }
        assertTrue(read("bin/jupyship").contains("\"$here/../lib/jupyship.jar\""), "bin/jupyship finds the installed jar");
        assertTrue(start.contains("JUPYSHIP_VENV=/opt/jupyship/venv"), "image/start's default environment is the image's");
        assertTrue(inImage(installed, "/opt/jupyship/venv/bin/jupyter"), "the image holds the environment at /opt/jupyship/venv");
        for (Map.Entry<String, String> copy : RuntimeDockerfile.copiesFromContext().entrySet()) {
            String source = copy.getValue();
            if (built(source)) {
                continue;
            }
            assertTrue(Files.exists(REPO.resolve(source)), "the Dockerfile copies " + source + ", which is not in the repository");
            if (copy.getKey().startsWith(INSTALL) && !source.startsWith("image/requirements")) {
                assertEquals(INSTALL + source, copy.getKey(), "the installation keeps the repository's layout");
            }
        }
    }

    @Test
    void theImageStartsThroughTheStartScript() throws IOException {
        List<String> instructions = RuntimeDockerfile.instructions();
        assertTrue(instructions.contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/opt/jupyship/image/start\"]"), instructions.toString());
        assertTrue(instructions.contains("CMD [\"lab\"]"), instructions.toString());
        assertTrue(instructions.stream().anyMatch(i -> i.startsWith("HEALTHCHECK ") && i.contains("[\"/opt/jupyship/image/start\", \"health\"]")),
                "a health check, through the start script");
        assertTrue(instructions.stream().anyMatch(i -> i.startsWith("RUN ") && i.contains(" tini")), "tini, the entrypoint's PID 1, is installed");
        assertTrue(instructions.stream().anyMatch(i -> i.matches("USER 1000(:1000)?")), "a non-root user");
        assertEquals(JAR, RuntimeDockerfile.copiesFromContext().get(INSTALL + "lib/jupyship.jar"), "the image holds the jar scripts/build builds");
        assertTrue(read("scripts/build").contains("jar=\"$root/" + JAR + "\""));
        assertTrue(read("scripts/build-image").contains("\"$root/scripts/build\""), "scripts/build-image builds the jar first");
    }

    @Test
    void theDevSetUpStartsThroughTheSameScript() throws IOException {
        String start = read("scripts/start");
        List<String> commands = start.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        String last = commands.get(commands.size() - 1);
        assertEquals("exec \"$root/image/start\" lab \"$@\"", last);
        assertFalse(commands.stream().anyMatch(l -> l.matches(".*\\bjupyter\\s+lab\\b.*")), "scripts/start runs JupyterLab only through image/start");
        for (String step : List.of("scripts/check-tools", "scripts/setup-python", "scripts/build")) {
            assertTrue(commands.contains("\"$root/" + step + "\""), "scripts/start runs " + step);
        }
    }

    @Test
    void theImageAndTheDevSetUpBuildTheLabExtensionWithTheSameScript() throws IOException {
        String buildImage = read("scripts/build-image");
        assertTrue(buildImage.contains("\"$root/scripts/build-lab-extension\""), "scripts/build-image builds the extension as the dev set-up does");
        assertTrue(buildImage.contains("context=\"$root/" + STAGED.replaceAll("/$", "") + "\"")
                && buildImage.contains("cp -a \"$extension\" \"$context/jupyship-lab\""), "and stages what it installed for the build");
        assertEquals(STAGED + "jupyship-lab", RuntimeDockerfile.copiesFromContext().get(INSTALL + "venv/share/jupyter/labextensions/jupyship-lab"),
                "the image installs the prebuilt extension where jupyter labextension list reads: " + RuntimeDockerfile.copiesFromContext());
        assertTrue(read("scripts/build-lab-extension").contains("npm ci"), "built from the lock file");
        assertTrue(Files.exists(REPO.resolve("lab-extension/package-lock.json")), "the lock file is in the repository");
        assertTrue(read("scripts/start").contains("\"$root/scripts/build-lab-extension\""), "scripts/start installs the extension");
        assertTrue(read("scripts/test").contains("scripts/build-lab-extension"), "the test command installs the extension");
    }

    @Test
    void theBuildContextLetsInWhatTheDockerfileCopiesAndNothingElse() throws IOException {
        List<String> lines = read(".dockerignore").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", lines.get(0), "everything is left out but what is named");
        List<String> allowed = lines.stream().filter(l -> l.startsWith("!")).map(l -> l.substring(1).replaceAll("/$", "")).toList();
        Set<String> sources = new LinkedHashSet<>(RuntimeDockerfile.copiesFromContext().values());
        for (String source : sources) {
            assertTrue(allowed.stream().anyMatch(a -> source.equals(a) || source.startsWith(a + "/")), source + " is left out by .dockerignore");
        }
        for (String entry : allowed) {
            assertTrue(sources.stream().anyMatch(s -> s.equals(entry) || s.startsWith(entry + "/")), entry + " is let in but not copied");
        }
    }
}
