package dev.jupyship.deploy;

import dev.jupyship.deploy.cluster.Job;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * A run's log: live from the cluster while the run is in flight (a Kubernetes pod's log can be read
 * from any process, whoever follows the run), else as stored; and pieces of it from a byte offset,
 * for followers.
 */
public final class RunLogs {

    private final RunHistory history;
    private final ArtifactStore store;
    private final Function<RunManifest, Optional<Job>> jobs;

    /** @param jobs a run's job, if one can be asked for its live log ({@link UncheckedIOException} when the cluster does not answer) */
    RunLogs(RunHistory history, ArtifactStore store, Function<RunManifest, Optional<Job>> jobs) {
        this.history = history;
        this.store = store;
        this.jobs = jobs;
    }

    /** The log so far. */
    public String log(String id) throws IOException {
        RunManifest run = history.require(id);
        if (!run.status().isFinal()) {
            try {
                Optional<Job> job = jobs.apply(run);
                if (job.isPresent()) {
                    String live = job.get().log(RunFollower.LOG_CAP);
                    // A run that ended meanwhile may have had its folder released (before its final status
                    // is told here, once its outputs are stored): its log is then the stored one.
                    if (!live.isEmpty() && !history.require(id).status().isFinal()) {
                        return live;
                    }
                }
            } catch (UncheckedIOException unanswered) {
                return "(the live log could not be read: " + unanswered.getCause().getMessage() + ")\n";
            }
        }
        String key = run.prefix() + RunLayout.LOG;
        return store.exists(key) ? new String(store.read(key), StandardCharsets.UTF_8) : "";
    }

    /** A piece of a run's log: what a follower has not seen yet, and where to ask from next. */
    public record LogSlice(String text, long next, RunStatus status) {
    }

    /**
     * The log from a byte offset, cut at a whole character. The status is read first, so a final
     * status means the text reaches the end of the log. The next offset never goes back: a log read
     * shorter than the offset (a live log gone as the run ends) gives nothing new, not the log again.
     */
    public LogSlice log(String id, long offset) throws IOException {
        RunStatus status = history.require(id).status();
        byte[] all = log(id).getBytes(StandardCharsets.UTF_8);
        long asked = Math.max(0, offset);
        if (asked >= all.length) {
            return new LogSlice("", asked, status);
        }
        int from = (int) asked;
        int end = wholeCharacters(all, from, all.length);
        return new LogSlice(new String(all, from, end - from, StandardCharsets.UTF_8), end, status);
    }

    /** The end of the last whole UTF-8 character within [from, end): a log read mid-write may end inside one. */
    static int wholeCharacters(byte[] bytes, int from, int end) {
        int lead = end - 1;
        while (lead > from && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < from) {
            return end;
        }
        int b = bytes[lead] & 0xFF;
        int length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
        return lead + length > end ? lead : end;
    }
}
