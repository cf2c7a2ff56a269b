package dev.jupyship.deploy;

import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.KeyPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A store written before the {@link RunIndex} (runs under {@code runs/} only) indexed once, on first
 * open: every run's manifest is read (whether it is in flight decides its machine's entry) and its
 * entries written, a page of keys at a time; the marker last, so an indexing cut short is done again
 * whole by the next process (entries are idempotent puts).
 */
final class RunIndexing {

    private static final Logger LOG = Logger.getLogger(RunIndexing.class.getName());

    private RunIndexing() {
    }

    /** Indexes the store's runs unless its marker says they are; answers how many runs were indexed now. */
    static int ensure(ArtifactStore store) throws IOException {
        if (store.exists(RunIndex.MARKER)) {
            return 0;
        }
        long started = System.nanoTime();
        AtomicInteger indexed = new AtomicInteger();
        List<IOException> failures = new ArrayList<>();
        String after = null;
        do {
            KeyPage page = store.list(RunLayout.ROOT, ArtifactStore.MAX_PAGE, after);
            List<String> manifests = page.keys().stream().filter(key -> RunLayout.manifestRunId(key) != null).toList();
            InParallel.forEach(manifests, key -> {
                try {
                    RunIndex.add(store, RunHistory.JSON.readValue(store.read(key), RunManifest.class));
                    indexed.incrementAndGet();
                } catch (NoSuchFileException deletedMeanwhile) {
                    // not a run any more
                } catch (IOException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "unreadable run manifest " + key + " left out of the index", e);
                }
            });
            if (!failures.isEmpty()) {
                throw failures.get(0); // no marker: the next open tries again
            }
            after = page.next();
        } while (after != null);
        store.put(RunIndex.MARKER, "{\"layout\": 2}\n".getBytes(StandardCharsets.UTF_8));
        if (indexed.get() > 0) {
            LOG.info("indexed " + indexed.get() + " runs written before the run index, in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
        return indexed.get();
    }
}
