package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.KeyPage;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.testing.ForwardingStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run index: a store written in the layout before it is read without loss (indexed once on first
 * open, runs in flight recovered), ids invert to newest-first keys, pages never list the store whole,
 * and what a history keeps in memory is bounded.
 */
class RunIndexTest {

    @TempDir
    Path workspace;

    private static final DeploySettings SETTINGS = DeploySettings.defaults();

    private static RunManifest run(Instant at, String notebook, RunStatus status, String owner) {
        return new RunManifest(RunLayout.newId(at), "p", notebook, null, GitFacts.NONE, Map.of(), "img", "dev", "scripted", status, at, at,
                status.isFinal() ? at : null, null, status == RunStatus.SUCCEEDED ? Map.of("score", 1) : null, null, null, null, null,
                owner, null, Ownership.machine(owner));
    }

    /** A store as today's code leaves it: runs/ only, the manifest last in each run's folder. */
    private static List<RunManifest> writeOldLayout(ArtifactStore store, String deadOwner) throws IOException {
        List<RunManifest> runs = new ArrayList<>();
        Instant start = Instant.parse("2026-10-30T23:59:00Z"); // runs on both sides of a month boundary
        for (int i = 0; i < 130; i++) {
            runs.add(run(start.plusSeconds(7L * i), i % 3 == 0 ? "sub/b.ipynb" : "a.ipynb", RunStatus.SUCCEEDED, null));
        }
        runs.add(run(start.plusSeconds(7L * 131), "a.ipynb", RunStatus.RUNNING, deadOwner));
        for (RunManifest run : runs) {
            store.put(run.prefix() + RunLayout.INPUT, new byte[] {1});
            store.put(run.prefix() + RunLayout.MANIFEST, RunHistory.JSON.writeValueAsBytes(run));
        }
        // a notebook's own output called manifest.json is no run
        store.put(runs.get(0).prefix() + RunLayout.ARTIFACTS + RunLayout.MANIFEST, "{}".getBytes());
        return runs;
    }

    /** Records each listing's prefix and page size, and counts calls. */
    static final class CountingStore extends ForwardingStore {
        final List<String> listings = Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        CountingStore(ArtifactStore inner) {
            super(inner);
        }

        @Override
        public void put(String key, InputStream data) throws IOException {
            calls.incrementAndGet();
            inner.put(key, data);
        }

        @Override
        public InputStream get(String key) throws IOException {
            calls.incrementAndGet();
            return inner.get(key);
        }

        @Override
        public boolean exists(String key) throws IOException {
            calls.incrementAndGet();
            return inner.exists(key);
        }

        @Override
        public KeyPage list(String prefix, int pageSize, String after) throws IOException {
            calls.incrementAndGet();
            listings.add(prefix + " " + pageSize);
            return inner.list(prefix, pageSize, after);
        }

        @Override
        public void delete(String key) throws IOException {
            calls.incrementAndGet();
            inner.delete(key);
        }
    }

    /** A cluster that has no jobs: every run in flight is one whose job is gone. */
    static final class EmptyCluster implements BatchCluster {
        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Job submit(JobSpec spec) throws IOException {
            throw new IOException("not in this test");
        }

        @Override
        public Optional<Job> find(String runId) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void idsInvertToNewestFirstKeysThatNameTheRunWhole() {
        String older = "20261031T235959Z-zz0099";
        String newer = "20261101T000000Z-aa0000";
        assertEquals(older, RunIndex.invert(RunIndex.invert(older)));
        assertTrue(RunIndex.invert(newer).compareTo(RunIndex.invert(older)) < 0);
        assertTrue(RunIndex.invert("20261101T000000Z-aaaaab").compareTo(RunIndex.invert("20261101T000000Z-aaaaaa")) < 0);
        assertEquals("797388", RunIndex.month(newer));
        RunIndex.Entry entry = new RunIndex.Entry(newer, "p", "sub/b.ipynb");
        for (String key : List.of(RunIndex.allKey(entry), RunIndex.notebookKey(entry), RunIndex.inFlightKey("jupyter-ada", entry))) {
            assertEquals(Optional.of(entry), RunIndex.parse(key), key);
        }
        assertEquals("index/runs/797388/79738898T999999Z-ppzzzz/p/sub/b.ipynb", RunIndex.allKey(entry));
        assertEquals(Optional.empty(), RunIndex.parse("index/runs/797388/not-an-id/p/b.ipynb"));
        assertTrue(RunIndex.after(RunIndex.ALL, newer).compareTo(RunIndex.allKey(entry)) > 0, "a page after a run is past its key");
    }

    @Test
    void aStoreInTheOldLayoutIsIndexedOnceAndReadWithoutLoss() throws Exception {
        LocalArtifactStore local = new LocalArtifactStore(workspace.resolve(".jupyship"));
        Ownership here = new Ownership();
        String deadHere = Ownership.machine(here.owner()) + ":" + Long.MAX_VALUE / 2 + ":0:gone";
        here.close();
        List<RunManifest> runs = writeOldLayout(local, deadHere);
        assertFalse(local.exists(RunIndex.MARKER));
        List<RunManifest> newestFirst = new ArrayList<>(runs);
        newestFirst.sort((a, b) -> b.id().compareTo(a.id()));

        CountingStore counting = new CountingStore(local);
        java.nio.file.Files.writeString(workspace.resolve(DeployConfig.FILE), "[deploy]\nproject = \"p\"\n");
        DeployConfig config = DeployConfig.load(workspace, Map.of());
        try (Deployer deployer = new Deployer(workspace, counting, new EmptyCluster(), config, Clock.systemUTC(), SETTINGS)) {
            assertTrue(local.exists(RunIndex.MARKER), "indexed on first open");
            int opening = counting.listings.size();
            List<String> ids = new ArrayList<>();
            String before = null;
            do {
                RunHistory.Page page = deployer.page(null, null, before, 50);
                page.runs().forEach(run -> ids.add(run.id()));
                assertEquals(runs.size(), page.total());
                before = page.next();
            } while (before != null);
            assertEquals(newestFirst.stream().map(RunManifest::id).toList(), ids, "every run once, newest first, across the month");
            assertEquals(newestFirst.stream().filter(r -> r.notebook().equals("sub/b.ipynb")).map(RunManifest::id).toList(),
                    deployer.list("sub/b.ipynb", null).stream().map(RunManifest::id).toList());
            assertEquals(runs.get(5), deployer.require(runs.get(5).id()));

            RunManifest inFlight = runs.get(runs.size() - 1);
            assertEquals(1, deployer.recover(), "the old layout's run in flight on this machine is found and recovered");
            assertEquals(RunStatus.FAILED, deployer.require(inFlight.id()).status());
            assertEquals(List.of(), local.list(RunIndex.IN_FLIGHT), "an ended run leaves its machine's in-flight index");
            List<String> afterOpening = counting.listings.subList(opening, counting.listings.size());
            assertTrue(afterOpening.stream().allMatch(l -> l.startsWith(RunIndex.ROOT)), "only the index is listed once open: " + afterOpening);

            deployer.delete(runs.get(0).id());
            assertEquals(runs.size() - 1, deployer.page(null, null, null, 1000).total());
            assertEquals(List.of(), local.list(RunIndex.NOTEBOOKS + "p/sub/b.ipynb/" + RunIndex.month(runs.get(0).id()) + "/"
                    + RunIndex.invert(runs.get(0).id())), "the delete removed the index entries too");
        }
        assertEquals(0, RunIndexing.ensure(local), "indexed once: the marker stays");
    }

    @Test
    void aSidecarsStartAndTimersListOnlyTheIndexNeverTheRuns() throws Exception {
        LocalArtifactStore local = new LocalArtifactStore(workspace.resolve(".jupyship"));
        writeOldLayout(local, null);
        RunIndexing.ensure(local);
        CountingStore counting = new CountingStore(local);
        // Timers a hundred times faster than the sidecar's: 100 ms rescans, the in-flight index every 300 ms.
        DeploySettings fast = new DeploySettings(3, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(100),
                java.time.Duration.ofMillis(300), 5, java.time.Duration.ofSeconds(30), 6, java.time.Duration.ofSeconds(20));
        try (Deployer deployer = new Deployer(workspace, counting, new EmptyCluster(), DeployConfig.defaults(), Clock.systemUTC(), fast)) {
            int opening = counting.calls.get();
            assertTrue(opening <= 104, "start: marker, a page of 100 and its count: " + opening + " calls");
            int listedAtStart = counting.listings.size();
            Thread.sleep(1_500);
            Ownership probe = new Ownership();
            String inFlightHere = RunIndex.inFlightPrefix(Ownership.machine(probe.owner()));
            probe.close();
            List<String> idle = List.copyOf(counting.listings.subList(listedAtStart, counting.listings.size()));
            assertTrue(counting.listings.subList(0, listedAtStart).stream().allMatch(l -> l.startsWith(RunIndex.ALL + " ")), counting.listings.toString());
            assertTrue(idle.stream().allMatch(l -> l.startsWith(inFlightHere + " ")), "idle: only this machine's in-flight index: " + idle);
            assertTrue(idle.size() >= 2 && idle.size() <= 7, "one in-flight listing a full-rescan period, not " + idle.size());
        }
    }

    @Test
    void pagesListTheIndexOnlyAndMemoryStaysBounded() throws Exception {
        LocalArtifactStore local = new LocalArtifactStore(workspace.resolve(".jupyship"));
        List<RunManifest> runs = writeOldLayout(local, null);
        RunIndexing.ensure(local);
        CountingStore counting = new CountingStore(local);
        RunHistory history = new RunHistory(counting, "p", Clock.systemUTC(), SETTINGS, null, id -> false, 40);
        int seen = 0;
        String before = null;
        do {
            RunHistory.Page page = history.page("a.ipynb", null, before, 30);
            seen += page.runs().size();
            assertTrue(history.size() <= 40, "kept in memory: " + history.size());
            before = page.next();
        } while (before != null);
        assertEquals(runs.stream().filter(r -> r.notebook().equals("a.ipynb")).count(), seen);
        for (String listing : counting.listings) {
            assertTrue(listing.startsWith(RunIndex.NOTEBOOKS + "p/a.ipynb/ "), "only the notebook's index is listed: " + listing);
        }
        RunHistory.Page first = history.page("a.ipynb", null, null, 20);
        int calls = counting.calls.get();
        assertEquals(first, history.page("a.ipynb", null, null, 20));
        assertEquals(calls, counting.calls.get(), "within the rescan period the same page is answered from memory");
    }
}
