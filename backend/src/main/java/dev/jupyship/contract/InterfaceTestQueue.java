package dev.jupyship.contract;

import dev.jupyship.errors.Unavailable;
import dev.jupyship.notebook.AtomicFiles;
import dev.jupyship.run.PapermillRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The sidecar's interface tests: each gets an id and a folder of its own under {@code runsRoot},
 * waits in a queue, and runs at most {@code parallel} at a time. The newest {@value #KEEP} finished
 * tests (and their folders, with the executed notebooks) are kept; older ones are deleted.
 */
public final class InterfaceTestQueue implements AutoCloseable {

    static final int KEEP = 20;
    private static final Logger LOG = Logger.getLogger(InterfaceTestQueue.class.getName());

    private final Path runsRoot;
    private final PapermillRunner runner;
    private final CodeFacts facts;
    private final int parallel;
    private final Map<String, InterfaceTestRun> tests = new LinkedHashMap<>();
    private ExecutorService executor;
    private boolean closed;

    public InterfaceTestQueue(Path runsRoot, PapermillRunner runner, CodeFacts facts, int parallel) {
        this.runsRoot = runsRoot;
        this.runner = runner;
        this.facts = facts;
        this.parallel = parallel;
    }

    /** Queues a test of {@code notebook} and returns its id; {@link Unavailable} once the queue is closed. */
    public synchronized String start(Path notebook, String name, Map<String, Object> parameters, String kernel) {
        if (closed) {
            throw new Unavailable("the sidecar is shutting down: interface tests are not taken; start the test again once it is back");
        }
        String id = UUID.randomUUID().toString().substring(0, 12);
        Path workDir = runsRoot.resolve(id);
        try {
            Files.createDirectories(runsRoot);
            Path ignore = runsRoot.resolve(".gitignore");
            if (!Files.exists(ignore)) {
                // whole or not at all: an empty one left by a full disk would let the runs be committed
                AtomicFiles.write(ignore, "# interface test runs of jupyship: never committed\n*\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        InterfaceTestRun test = new InterfaceTestRun(notebook, name, workDir, parameters, kernel, runner, facts);
        tests.put(id, test);
        executor().submit(() -> {
            try {
                test.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "interface test " + id + " failed", e);
            }
            prune();
        });
        return id;
    }

    public synchronized Optional<InterfaceTestRun> get(String id) {
        return Optional.ofNullable(tests.get(id));
    }

    /** Cancels a queued or running test; false when there is no such test. */
    public boolean cancel(String id) {
        Optional<InterfaceTestRun> test = get(id);
        test.ifPresent(InterfaceTestRun::cancel);
        return test.isPresent();
    }

    private synchronized ExecutorService executor() {
        if (executor == null) {
            AtomicInteger count = new AtomicInteger();
            executor = Executors.newFixedThreadPool(parallel, task -> {
                Thread thread = new Thread(task, "interface-test-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            // Kernels must not outlive the sidecar.
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "interface-tests-shutdown"));
        }
        return executor;
    }

    private void prune() {
        List<Map.Entry<String, InterfaceTestRun>> finished = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<String, InterfaceTestRun> entry : tests.entrySet()) {
                if (entry.getValue().status().report() != null) {
                    finished.add(entry);
                }
            }
            int excess = finished.size() - KEEP;
            finished = excess > 0 ? new ArrayList<>(finished.subList(0, excess)) : List.of();
            finished.forEach(entry -> tests.remove(entry.getKey()));
        }
        for (Map.Entry<String, InterfaceTestRun> entry : finished) {
            deleteTree(runsRoot.resolve(entry.getKey()));
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete " + folder, e);
        }
    }

    @Override
    public void close() {
        List<InterfaceTestRun> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(tests.values());
            if (executor != null) {
                executor.shutdownNow();
            }
        }
        running.forEach(InterfaceTestRun::cancel);
    }
}
