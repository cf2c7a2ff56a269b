package dev.jupyship.deploy.cluster.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pod's notebook container as a process on this machine: its command and args as written,
 * with the image's {@code /opt/jupyship} read as this repository and {@code file:} store locations
 * as local paths, the pinned venv, and a fresh HOME, TMPDIR and working folder per pod under {@code scratch}.
 */
public final class LocalPodRunner implements PodRunner {

    private static final String IMAGE_HOME = "/opt/jupyship/";

    private final Path repo;
    private final Path venv;
    private final Path scratch;

    public LocalPodRunner(Path repo, Path venv, Path scratch) {
        this.repo = repo;
        this.venv = venv;
        this.scratch = scratch;
    }

    @Override
    public Container start(Pod pod) throws IOException {
        var container = pod.getSpec().getContainers().stream().filter(c -> KubernetesNames.CONTAINER.equals(c.getName())).findFirst()
                .orElseThrow(() -> new IOException("pod " + pod.getMetadata().getName() + " has no container " + KubernetesNames.CONTAINER));
        List<String> command = new ArrayList<>();
        for (List<String> parts : List.of(orEmpty(container.getCommand()), orEmpty(container.getArgs()))) {
            parts.forEach(part -> command.add(local(part)));
        }
        String name = pod.getMetadata().getName();
        Path home = scratch.resolve(name);
        Path log = scratch.resolve(name + ".log");
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // The container's environment, as a kubelet sets it (a CronJob's pod finds its store and project there);
        // then this machine's folders for the pod's own.
        for (var variable : orEmpty(container.getEnv())) {
            if (variable.getValue() != null) {
                builder.environment().put(variable.getName(), variable.getValue());
            }
        }
        builder.environment().put("HOME", home.toString());
        // A container's /tmp goes with it: a pod killed here leaves its kernel's connection file in the test's folder.
        builder.environment().put("TMPDIR", Files.createDirectories(scratch.resolve(name + ".tmp")).toString());
        builder.environment().put("JUPYSHIP_VENV", venv.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("the test kubelet could not start " + command + ": " + e.getMessage(), e);
        }
        return new LocalContainer(process, log);
    }

    private record LocalContainer(Process process, Path logFile) implements Container {

        @Override
        public Integer await(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                kill();
                process.waitFor();
                return null;
            }
            return process.exitValue();
        }

        @Override
        public void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        @Override
        public String log() {
            try {
                return Files.readString(logFile);
            } catch (IOException e) {
                return "";
            }
        }
    }

    /** The image's paths to this repository's, {@code file:} locations to local paths (a trailing slash kept). */
    private String local(String part) {
        if (part.startsWith(IMAGE_HOME)) {
            return repo.resolve(part.substring(IMAGE_HOME.length())).toString();
        }
        return asPath(part);
    }

    /**
     * A {@code file:} location as the path it names (a trailing slash kept), anything else as it is:
     * the local store stands in for the bucket a cluster's runs use ({@code gs://}, which papermill
     * and gcsfs read), and papermill takes a local store's locations as paths.
     */
    static String asPath(String part) {
        if (!part.startsWith("file:")) {
            return part;
        }
        String path = Path.of(URI.create(part)).toString();
        return part.endsWith("/") ? path + "/" : path;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
