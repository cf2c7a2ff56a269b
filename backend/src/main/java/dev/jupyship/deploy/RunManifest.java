package dev.jupyship.deploy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import java.time.Instant;
import java.util.Map;

/**
 * A run, as {@code manifest.json} records it: written last in the run's folder of the store, so a
 * run is visible whole or not at all, and the one file listing reads.
 *
 * @param id             sortable by creation time, {@code 20261128T023000Z-ab12cd}
 * @param project        the workspace (or repository) the notebook belongs to
 * @param notebook       the notebook's path in the workspace
 * @param ref            the git revision deployed, or null for the working tree
 * @param git            git facts
 * @param parameters     what papermill injects (without {@code output_dir}, which the cluster sets)
 * @param image          the runtime image configured (the local runner uses the sidecar's Python)
 * @param target         the deploy target ({@code dev})
 * @param cluster        the cluster that runs it ({@code local}, {@code kubernetes})
 * @param status         where it is
 * @param createdAt      when it was deployed
 * @param startedAt      when the cluster started it
 * @param finishedAt     when it reached a final status
 * @param failure        why it did not succeed
 * @param metrics        {@code metrics.json} of its {@code output_dir}, when written
 * @param artifacts      keys of the files of its {@code output_dir}, relative to the run's artifacts folder
 * @param idempotencyKey the client's key against double clicks
 * @param fingerprint    hash of notebook bytes and parameters, for double clicks without a key
 * @param rerunOf        the run this one re-runs
 * @param owner          the process running it while in flight ({@code host:pid:start-millis:instance})
 * @param forced         the lint gate was overridden
 * @param startedOn      the machine it was deployed from (the notebook pod's name): whose run it is, for deleting it
 * @param schedule       the id of the schedule that started it, or null for a run started by hand
 * @param snapshots      the data snapshots its snapshot parameters named, by parameter
 * @param promotion      the promotion gate's decision, for a succeeded run of a notebook whose contract declares a model
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunManifest(String id, String project, String notebook, String ref, GitFacts git, Map<String, Object> parameters,
                          String image, String target, String cluster, RunStatus status, Instant createdAt, Instant startedAt,
                          Instant finishedAt, RunFailure failure, Map<String, Object> metrics, java.util.List<String> artifacts,
                          String idempotencyKey, String fingerprint, String rerunOf, String owner, Boolean forced,
                          String startedOn, String schedule, Map<String, SnapshotUse> snapshots, Promotion promotion) {

    /** A run started by hand that read no data snapshot, before the features built on deploy add to it (no promotion decision). */
    public RunManifest(String id, String project, String notebook, String ref, GitFacts git, Map<String, Object> parameters,
                       String image, String target, String cluster, RunStatus status, Instant createdAt, Instant startedAt,
                       Instant finishedAt, RunFailure failure, Map<String, Object> metrics, java.util.List<String> artifacts,
                       String idempotencyKey, String fingerprint, String rerunOf, String owner, Boolean forced, String startedOn) {
        this(id, project, notebook, ref, git, parameters, image, target, cluster, status, createdAt, startedAt, finishedAt, failure, metrics,
                artifacts, idempotencyKey, fingerprint, rerunOf, owner, forced, startedOn, null);
    }

    /** A run that read no data snapshot and is not decided yet, started by the schedule given (null: by hand). */
    public RunManifest(String id, String project, String notebook, String ref, GitFacts git, Map<String, Object> parameters,
                       String image, String target, String cluster, RunStatus status, Instant createdAt, Instant startedAt,
                       Instant finishedAt, RunFailure failure, Map<String, Object> metrics, java.util.List<String> artifacts,
                       String idempotencyKey, String fingerprint, String rerunOf, String owner, Boolean forced, String startedOn,
                       String schedule) {
        this(id, project, notebook, ref, git, parameters, image, target, cluster, status, createdAt, startedAt, finishedAt, failure, metrics,
                artifacts, idempotencyKey, fingerprint, rerunOf, owner, forced, startedOn, schedule, null, null);
    }

    /** The same run, recording the snapshots it reads (none: null, so the manifest says nothing of them). */
    public RunManifest withSnapshots(Map<String, SnapshotUse> read) {
        return new RunManifest(id, project, notebook, ref, git, parameters, image, target, cluster, status, createdAt, startedAt,
                finishedAt, failure, metrics, artifacts, idempotencyKey, fingerprint, rerunOf, owner, forced, startedOn, schedule,
                read == null || read.isEmpty() ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(read)), promotion);
    }

    /** The run's folder in the store ({@code runs/<project>/<notebook>/<run id>/}). */
    @JsonIgnore
    public String prefix() {
        return RunLayout.prefix(project, notebook, id);
    }

    public RunManifest started(Instant at) {
        return new RunManifest(id, project, notebook, ref, git, parameters, image, target, cluster, RunStatus.RUNNING, createdAt, at,
                null, null, null, null, idempotencyKey, fingerprint, rerunOf, owner, forced, startedOn, schedule, snapshots, promotion);
    }

    /** The same run, followed from now on by another process (a sidecar that re-attached to it after a restart). */
    public RunManifest ownedBy(String process) {
        return new RunManifest(id, project, notebook, ref, git, parameters, image, target, cluster, status, createdAt, startedAt,
                finishedAt, failure, metrics, artifacts, idempotencyKey, fingerprint, rerunOf, process, forced, startedOn, schedule, snapshots, promotion);
    }

    public RunManifest finished(RunStatus finalStatus, Instant at, RunFailure why, Map<String, Object> runMetrics,
                                java.util.List<String> files) {
        return new RunManifest(id, project, notebook, ref, git, parameters, image, target, cluster, finalStatus, createdAt, startedAt,
                at, why, runMetrics, files, idempotencyKey, fingerprint, rerunOf, null, forced, startedOn, schedule, snapshots, promotion);
    }

    /** The same ended run with the promotion gate's decision. */
    public RunManifest withPromotion(Promotion decision) {
        return new RunManifest(id, project, notebook, ref, git, parameters, image, target, cluster, status, createdAt, startedAt,
                finishedAt, failure, metrics, artifacts, idempotencyKey, fingerprint, rerunOf, owner, forced, startedOn, schedule, snapshots, decision);
    }
}
