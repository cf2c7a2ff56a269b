package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.testing.Docker;
import dev.jupyship.testing.RuntimeImage;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Runs a pod's notebook container from the runtime image with Docker, as a kubelet would from the
 * pod spec: its command, args, env and working folder; its security context (user, read-only root
 * filesystem, no capabilities, no privilege escalation); its memory limit; its emptyDir volumes as
 * tmpfs mounts. The local artifact store is mounted at its own path, its {@code file:} locations
 * passed as paths; it is opened to the pod's user, as {@code fsGroup} opens a pod's volumes.
 * No network: the run needs none.
 */
public final class DockerPodRunner implements PodRunner, AutoCloseable {

    private static final Duration CALL = Duration.ofSeconds(120);

    private final String image;
    private final Path store;
    private final Map<String, Boolean> started = new ConcurrentHashMap<>();

    public DockerPodRunner(String image, Path store) {
        this.image = image;
        this.store = store;
    }

    @Override
    public Container start(Pod pod) throws IOException {
        var spec = pod.getSpec();
        var container = spec.getContainers().stream().filter(c -> KubernetesNames.CONTAINER.equals(c.getName())).findFirst()
                .orElseThrow(() -> new IOException("pod " + pod.getMetadata().getName() + " has no container " + KubernetesNames.CONTAINER));
        String name = "jupyship-pod-" + pod.getMetadata().getName();
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--label", RuntimeImage.LABEL, "--network", "none"));
        var pods = spec.getSecurityContext();
        var own = container.getSecurityContext();
        if (pods != null && pods.getRunAsUser() != null) {
            args.addAll(List.of("--user", pods.getRunAsUser() + ":" + (pods.getRunAsGroup() != null ? pods.getRunAsGroup() : pods.getRunAsUser())));
        }
        if (own != null && Boolean.TRUE.equals(own.getReadOnlyRootFilesystem())) {
            args.add("--read-only");
        }
        if (own != null && Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())) {
            args.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        if (own != null && own.getCapabilities() != null && own.getCapabilities().getDrop() != null) {
            own.getCapabilities().getDrop().forEach(capability -> args.addAll(List.of("--cap-drop", capability)));
        }
        if (container.getResources() != null && container.getResources().getLimits() != null
                && container.getResources().getLimits().get("memory") != null) {
            args.addAll(List.of("--memory", String.valueOf(Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValue())));
        }
        String owner = pods != null && pods.getRunAsUser() != null ? "uid=" + pods.getRunAsUser() + ",gid="
                + (pods.getFsGroup() != null ? pods.getFsGroup() : pods.getRunAsUser()) : "";
        for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            args.addAll(List.of("--tmpfs", mount.getMountPath() + (owner.isEmpty() ? "" : ":" + owner)));
        }
        if (container.getEnv() != null) {
            container.getEnv().stream().filter(env -> env.getValue() != null).forEach(env -> args.addAll(List.of("-e", env.getName() + "=" + env.getValue())));
        }
        if (container.getWorkingDir() != null) {
            args.addAll(List.of("-w", container.getWorkingDir()));
        }
        openToThePod();
        args.addAll(List.of("-v", store + ":" + store));
        List<String> command = container.getCommand() == null ? List.of() : container.getCommand();
        if (!command.isEmpty()) {
            args.addAll(List.of("--entrypoint", command.get(0)));
        }
        args.add(image);
        args.addAll(command.stream().skip(1).map(LocalPodRunner::asPath).toList());
        if (container.getArgs() != null) {
            container.getArgs().forEach(arg -> args.add(LocalPodRunner.asPath(arg)));
        }
        try {
            Docker.run(CALL, args).ok();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted starting " + name, e);
        } catch (IllegalStateException refused) {
            throw new IOException("docker would not start pod " + pod.getMetadata().getName() + ": " + refused.getMessage(), refused);
        }
        started.put(name, true);
        return new DockerContainer(name);
    }

    /** The store's folders writable by the pod's user, as fsGroup makes a pod's volumes. */
    private void openToThePod() throws IOException {
        Files.createDirectories(store);
        try (Stream<Path> paths = Files.walk(store)) {
            paths.filter(Files::isDirectory).forEach(folder -> {
                try {
                    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Removes every container it started. */
    @Override
    public void close() throws Exception {
        for (String name : started.keySet()) {
            Docker.run(CALL, "rm", "-f", name);
        }
        started.clear();
    }

    private record DockerContainer(String name) implements Container {

        @Override
        public Integer await(long seconds) throws InterruptedException {
            try {
                Docker.Result waited = Docker.run(Duration.ofSeconds(seconds), "wait", name);
                return Integer.parseInt(waited.ok().strip());
            } catch (IOException timedOut) {
                kill();
                return null;
            }
        }

        @Override
        public void kill() {
            try {
                Docker.run(CALL, "kill", name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String log() {
            try {
                Docker.Result logs = Docker.run(CALL, "logs", name);
                return logs.out() + logs.err();
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
    }
}
