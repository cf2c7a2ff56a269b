package dev.jupyship.deploy;

import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Runs whose owner is gone, and what runs left behind. A run in flight whose process on this machine
 * stopped (the sidecar restarted, a CLI was interrupted) is taken over: followed again while the
 * cluster still has it, given its outcome from the store when its job ended meanwhile, else marked
 * failed as lost. The first pass also stores outputs the store refused before and removes the
 * folders and notebook copies that no run needs any more.
 */
final class RunRecovery {

    private static final Logger LOG = Logger.getLogger(RunRecovery.class.getName());

    private final BatchCluster cluster;
    private final RunHistory history;
    private final RunFollower follower;
    private final RunFolders folders;
    private final Clock clock;
    private final String owner;
    private boolean sweptLeftovers;

    RunRecovery(BatchCluster cluster, RunHistory history, RunFollower follower, RunFolders folders, Clock clock, String owner) {
        this.cluster = cluster;
        this.history = history;
        this.follower = follower;
        this.folders = folders;
        this.clock = clock;
        this.owner = owner;
    }

    /**
     * Runs in flight whose process on this machine is gone (the sidecar restarted): the ones the
     * cluster still has (a Kubernetes Job outlives the sidecar) are followed again by this process;
     * the ones whose Job ended and was removed meanwhile get their outcome from what the job left in
     * the store; the others are marked failed. Runs of a live process, and runs owned on another
     * machine (another user's pod on the same bucket), are left alone; the store's runs in flight are
     * found through this machine's in-flight index, never by listing every run. A local run outlives a
     * sidecar killed without warning: found again in its folder, it is followed (and can be
     * cancelled) while it runs, and stored once it has ended. Called at start and at each rescan;
     * the first call also stores what the store refused before and removes what runs left behind.
     * Answers how many were marked failed.
     */
    synchronized int recover() {
        int marked = 0;
        List<RunManifest> inFlight;
        try {
            inFlight = history.inFlightHere();
        } catch (IOException | UncheckedIOException e) {
            LOG.warning("runs in flight on this machine left as they are until the next rescan: " + e.getMessage());
            inFlight = List.of();
        }
        for (RunManifest run : inFlight) {
            if (run.status().isFinal() || follower.follows(run.id()) || Ownership.alive(run.owner())) {
                continue;
            }
            boolean ours = cluster.name().equals(run.cluster());
            Optional<Job> still;
            try {
                still = follower.job(run);
            } catch (UncheckedIOException unanswered) {
                LOG.warning("run " + run.id() + " left as it is until the next rescan: " + unanswered.getCause().getMessage());
                continue;
            }
            if (still.isPresent()) {
                RunManifest adopted = run.ownedBy(owner);
                history.commitQuietly(adopted);
                follower.follow(adopted, still.get());
                LOG.info(() -> "run " + run.id() + " was still in the " + cluster.name() + " cluster after a restart: followed again");
                continue;
            }
            Optional<JobOutcome> ended = ours ? cluster.endedInStore(run.prefix()) : Optional.empty();
            if (ended.isPresent()) {
                history.commitQuietly(run.ownedBy(owner));
                follower.finish(run.id(), ended.get(), null);
                LOG.info(() -> "run " + run.id() + " ended while no sidecar followed it: its outcome was read from the store");
                continue;
            }
            history.commitQuietly(run.finished(RunStatus.FAILED, clock.instant(), RunFailure.of("interrupted",
                    "the process running it stopped while it was in flight (a sidecar restart, an interrupted CLI), so it was lost; "
                            + "run it again with rerun"), null, null));
            if (ours) {
                follower.cleanUp(run.id());
            }
            marked++;
        }
        if (!sweptLeftovers) {
            sweptLeftovers = true;
            sweepLeftovers();
        }
        return marked;
    }

    /**
     * At start: outputs the store refused are stored now if it takes them (the run's manifest then
     * says how it really ended), and what runs left on this machine that nothing runs or keeps any
     * more goes (folders of ended or lost runs, notebook copies).
     */
    private void sweepLeftovers() {
        for (String id : folders.unstoredRuns()) {
            RunManifest run = history.find(id).orElse(null);
            if (run != null && !run.status().isFinal()) {
                continue;
            }
            if (run == null || run.failure() == null || !"store".equals(run.failure().kind())) {
                follower.cleanUp(id);
                continue;
            }
            try {
                JobOutcome outcome = RunHistory.JSON.readValue(folders.unstoredOutcome(id).toFile(), JobOutcome.class);
                Job left = cluster.find(id).orElse(null); // for its log; the run has ended, so its outcome is at hand
                if (left != null) {
                    left.outcome().get(30, TimeUnit.SECONDS);
                }
                history.commit(follower.upload(run, outcome, left));
                follower.cleanUp(id);
                LOG.info(() -> "run " + id + ": the outputs kept on this machine are stored now");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
                LOG.warning("run " + id + ": its kept outputs could still not be stored (" + e.getMessage() + "); tried again at the next start");
            }
        }
        Set<String> keep = Set.copyOf(folders.unstoredRuns());
        for (String id : cluster.leftovers()) {
            if (!keep.contains(id) && !follower.follows(id) && endedOrUnknown(id)) {
                cluster.release(id);
            }
        }
        for (String id : folders.inputRuns()) {
            if (!follower.follows(id) && endedOrUnknown(id)) {
                RunFolders.deleteQuietly(folders.input(id));
            }
        }
    }

    private boolean endedOrUnknown(String id) {
        return history.find(id).map(run -> run.status().isFinal()).orElse(true);
    }
}
