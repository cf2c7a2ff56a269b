package dev.jupyship.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The runtime image built by scripts/build-image, named by {@code $JUPYSHIP_RUNTIME_IMAGE} (the test command
 * builds it and sets the variable), for one test class:
 * <pre>
 * &#64;RegisterExtension
 * static final RuntimeImage IMAGE = new RuntimeImage();
 * </pre>
 * Containers started through it are removed after the class's last test, whether it passed or not.
 * Without {@code $JUPYSHIP_RUNTIME_IMAGE} the class is skipped, as {@link GcsEmulator} skips without its
 * emulator (scripts/check-skips fails the test command then); with it, a missing engine or image fails.
 */
public final class RuntimeImage implements BeforeAllCallback, AfterAllCallback {

    /** Marks the tests' containers, so a person can find what a killed run left: docker ps -a --filter label=... */
    public static final String LABEL = "dev.jupyship.test=runtime-image";
    private static final Duration START = Duration.ofSeconds(120);

    private final List<Container> started = new ArrayList<>();
    private String image;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String configured = System.getenv("JUPYSHIP_RUNTIME_IMAGE");
        assumeTrue(configured != null && !configured.isBlank(),
                "no runtime image: JUPYSHIP_RUNTIME_IMAGE is unset (scripts/test sets it from scripts/build-image)");
        Docker.Result found = Docker.run(START, "image", "inspect", "--format", "{{.Id}}", configured);
        if (found.code() != 0) {
            throw new IllegalStateException("JUPYSHIP_RUNTIME_IMAGE names " + configured + ", which the Docker engine does not have"
                    + " (scripts/build-image builds it): " + found.err().strip());
        }
        image = configured;
    }

    /** The image's name. */
    public String name() {
        return image;
    }

    /**
     * Starts a container in the background: {@code docker run --detach OPTIONS IMAGE ARGS} (ARGS go to the
     * image's entrypoint, image/start: a mode and its options).
     */
    public Container start(List<String> options, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("run", "--detach", "--label", LABEL));
        command.addAll(options);
        command.add(image);
        command.addAll(List.of(args));
        Container container = new Container(Docker.run(START, command).ok().strip());
        started.add(container);
        return container;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Exception failed = null;
        for (Container container : started) {
            try {
                container.remove();
            } catch (IOException | IllegalStateException e) {
                failed = failed == null ? e : failed;
            }
        }
        started.clear();
        if (failed != null) {
            throw failed;
        }
    }
}
