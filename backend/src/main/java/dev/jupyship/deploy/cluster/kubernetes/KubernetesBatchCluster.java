package dev.jupyship.deploy.cluster.kubernetes;

import dev.jupyship.deploy.cluster.BatchCluster;
import dev.jupyship.deploy.cluster.JobOutcome;
import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.DomainError;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs as {@code batch/v1} Jobs in the configured dev namespace (and only there, whatever a request
 * says), made from the Job template ({@link JobTemplate}). The pod reads its input from the
 * artifact store and writes its executed notebook and {@code output_dir} there itself; this side
 * follows its own Jobs and their pods with two informers (labels {@code app.kubernetes.io/managed-by=jupyship}
 * and {@code jupyship.dev/owner=<this machine>}): with hundreds of notebook pods sharing the namespace,
 * each sidecar receives and caches only its own runs' changes, not everyone's. Another machine's run
 * is read on demand, by its run label, when someone here looks at it (its log, a cancel); a Job of
 * an older sidecar, without the owner label, is read every {@link #UNLABELLED_POLL} while followed.
 * It reads a run's log from its pod, and cancels by deleting the Job (background propagation). A Job
 * still without a pod after a moment has its events read, in case the cluster refuses to create
 * the pod ({@link PodRefusal}): one filtered list per such Job every {@link #REFUSAL_CHECK}, and
 * none for the Jobs whose pods exist, rather than a watch of the namespace's events, which every
 * sidecar sharing the namespace would have to receive in full.
 *
 * <p>Jobs outlive the sidecar: {@link #close()} stops following them, it does not delete them,
 * and {@link #find} finds a Job by its run label so that a restarted sidecar follows it again.
 * Nothing connects to the API before the first job is submitted or looked up.
 */
public final class KubernetesBatchCluster implements BatchCluster {

    private static final Logger LOG = Logger.getLogger(KubernetesBatchCluster.class.getName());
    /** How often the events of Jobs without a pod are read; the Job controller makes a pod within a second when nothing refuses it. */
    static final Duration REFUSAL_CHECK = Duration.ofSeconds(2);
    /** How often a followed Job without the owner label (made by an older sidecar) is read, since no informer sees it. */
    static final Duration UNLABELLED_POLL = Duration.ofSeconds(5);
    /** A Job younger than this has likely just not been given its pod yet: its events are not read. */
    private static final Duration REFUSAL_GRACE = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final KubernetesSettings settings;
    private final JobTemplate template;
    private final ArtifactStore store;
    private final Map<String, KubernetesJob> jobs = new ConcurrentHashMap<>();
    /** Followed runs whose Jobs lack the owner label, so no informer of ours sees them. */
    private final Set<String> unlabelled = ConcurrentHashMap.newKeySet();
    private final ExecutorService background;
    private final ScheduledExecutorService refusalChecks;
    private volatile boolean eventsUnreadable;
    private volatile SharedIndexInformer<Job> jobInformer;
    private volatile SharedIndexInformer<Pod> podInformer;
    private volatile boolean closed;

    /** With a client of the caller's (tests, tools), which stays open after {@link #close()}. */
    public KubernetesBatchCluster(KubernetesClient client, KubernetesSettings settings, JobTemplate template, ArtifactStore store) {
        this(client, false, settings, template, store);
    }

    private KubernetesBatchCluster(KubernetesClient client, boolean ownsClient, KubernetesSettings settings, JobTemplate template,
                                   ArtifactStore store) {
        if (settings.namespace() == null || settings.namespace().isBlank()) {
            throw new BadInput("the kubernetes cluster needs a namespace ([cluster] namespace = \"...\")");
        }
        this.client = client;
        this.ownsClient = ownsClient;
        this.settings = settings;
        this.template = template;
        this.store = store;
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "kubernetes-job-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.refusalChecks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kubernetes-pod-refusals");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** CronJobs in this cluster's namespace, through its client, with its settings. */
    public KubernetesCronJobs cronJobs(String image, Map<String, String> environment) throws IOException {
        return new KubernetesCronJobs(client, settings, image, environment);
    }

    /**
     * The cluster the configuration names, reached the standard way (fabric8's {@code Config.autoConfigure}:
     * the pod's service account in a cluster, else {@code $KUBECONFIG} or {@code ~/.kube/config}).
     */
    public static KubernetesBatchCluster connect(KubernetesSettings settings, ArtifactStore store) throws IOException {
        JobTemplate template = JobTemplate.load(settings.jobTemplate());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(answeringPromptly(Config.autoConfigure(null))).build();
        return new KubernetesBatchCluster(client, true, settings, template, store);
    }

    /**
     * The sidecar's client settings: fabric8 retries a failed request ten times with a backoff that
     * grows to 3.2 s (about 19 s in all) and waits 10 s for each connection, so a deploy while the
     * API server is away would answer only after that. Two retries within 0.6 s ride out a blip; a
     * 2 s connection timeout is plenty on the cluster's own network. Informers recover from a longer
     * outage by themselves, relisting with their own backoff.
     */
    public static Config answeringPromptly(Config config) {
        config.setRequestRetryBackoffLimit(2);
        config.setRequestRetryBackoffInterval(200);
        config.setConnectionTimeout(2_000);
        return config;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public dev.jupyship.deploy.cluster.Job submit(JobSpec spec) throws IOException {
        if (closed) {
            throw new ClusterException(DomainError.Kind.UNAVAILABLE, "the sidecar is shutting down");
        }
        Job job = template.fill(spec, settings, store);
        String name = job.getMetadata().getName();
        watching();
        KubernetesJob followed = new KubernetesJob(this, spec.runId(), name, spec.storePrefix());
        if (jobs.putIfAbsent(spec.runId(), followed) != null) {
            throw new ClusterException(DomainError.Kind.CONFLICT, "run " + spec.runId() + " already has a Job");
        }
        Job created;
        try {
            created = client.batch().v1().jobs().inNamespace(settings.namespace()).resource(job).create();
        } catch (KubernetesClientException e) {
            jobs.remove(spec.runId());
            throw KubernetesErrors.explain(e, settings.namespace(), "create the Job " + name, KubernetesErrors.JOB_FIELDS);
        }
        refresh(followed, created);
        return followed;
    }

    @Override
    public Optional<dev.jupyship.deploy.cluster.Job> find(String runId) {
        KubernetesJob known = jobs.get(runId);
        if (known != null) {
            return Optional.of(known);
        }
        List<Job> found;
        List<Pod> pods = null;
        try {
            watching();
            found = client.batch().v1().jobs().inNamespace(settings.namespace())
                    .withLabel(KubernetesNames.RUN, KubernetesNames.labelValue(runId)).list().getItems();
            found = found.stream().filter(j -> runId.equals(annotation(j, KubernetesNames.RUN))).toList();
            if (!found.isEmpty() && !ownerLabel().equals(label(found.get(0), KubernetesNames.OWNER))) {
                pods = podsOf(runId); // no informer of ours holds them
            }
        } catch (ClusterException e) {
            // Not "no Job": a caller must not take a run for lost because the API did not answer.
            throw new UncheckedIOException(e);
        } catch (KubernetesClientException e) {
            throw new UncheckedIOException(KubernetesErrors.explain(e, settings.namespace(), "look for the Job of run " + runId));
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Job job = found.get(0);
        KubernetesJob followed = new KubernetesJob(this, runId, job.getMetadata().getName(), annotation(job, KubernetesNames.STORE));
        String owner = label(job, KubernetesNames.OWNER);
        if (owner != null && !owner.equals(ownerLabel())) {
            // Another machine's run, which that machine follows and records: a view of it as it is now.
            followed.view(job, pods);
            return Optional.of(followed);
        }
        KubernetesJob raced = jobs.putIfAbsent(runId, followed);
        if (raced != null) {
            return Optional.of(raced);
        }
        if (owner == null) {
            unlabelled.add(runId);
            followed.observe(job, pods);
        } else {
            refresh(followed, job);
        }
        return Optional.of(followed);
    }

    /** The run's pods, listed by its run label: for Jobs no informer of ours holds. */
    private List<Pod> podsOf(String runId) {
        return client.pods().inNamespace(settings.namespace()).withLabel(KubernetesNames.RUN, KubernetesNames.labelValue(runId))
                .list().getItems();
    }

    private String ownerLabel() {
        return KubernetesNames.labelValue(settings.owner());
    }

    @Override
    public Optional<JobOutcome> endedInStore(String storePrefix) {
        return StoredNotebookFailure.ended(store, storePrefix);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (jobInformer != null) {
            jobInformer.close();
            podInformer.close();
        }
        background.shutdownNow();
        refusalChecks.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    KubernetesClient client() {
        return client;
    }

    String namespace() {
        return settings.namespace();
    }

    ArtifactStore store() {
        return store;
    }

    void background(Runnable task) {
        if (!closed) {
            background.execute(task);
        }
    }

    /** Starts the two informers on first use: until a run is deployed or looked up, nothing talks to the API. */
    private synchronized void watching() throws ClusterException {
        if (jobInformer != null) {
            return;
        }
        String namespace = settings.namespace();
        try {
            jobInformer = client.batch().v1().jobs().inNamespace(namespace).withLabel(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER)
                    .withLabel(KubernetesNames.OWNER, ownerLabel()).inform(new Changes<>(true), 0);
            podInformer = client.pods().inNamespace(namespace).withLabel(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER)
                    .withLabel(KubernetesNames.OWNER, ownerLabel()).inform(new Changes<>(false), 0);
            refusalChecks.scheduleWithFixedDelay(this::checkRefusals, REFUSAL_GRACE.toMillis(), REFUSAL_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            refusalChecks.scheduleWithFixedDelay(this::pollUnlabelled, UNLABELLED_POLL.toMillis(), UNLABELLED_POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientException e) {
            close(jobInformer);
            jobInformer = null;
            throw KubernetesErrors.explain(e, namespace, "watch Jobs and pods");
        }
    }

    /** Reads the FailedCreate events of each Job still without a pod, and ends the runs whose pods the cluster refuses for good. */
    private void checkRefusals() {
        for (KubernetesJob job : jobs.values()) {
            if (closed) {
                return;
            }
            if (!job.awaitingPod(REFUSAL_GRACE)) {
                continue;
            }
            try {
                // The server filters by these fields; PodRefusal filters again, for servers (and mocks) that ignore some.
                List<Event> events = client.v1().events().inNamespace(settings.namespace())
                        .withField("involvedObject.kind", "Job").withField("involvedObject.name", job.name())
                        .withField("reason", PodRefusal.FAILED_CREATE).list().getItems();
                PodRefusal.judge(job.name(), events).ifPresent(job::refused);
            } catch (KubernetesClientException e) {
                // Said once: without the Role's events rule (an older rbac.yaml) runs still end, at their deadline.
                if (!eventsUnreadable) {
                    eventsUnreadable = true;
                    LOG.warning(KubernetesErrors.explain(e, settings.namespace(), "list the events of Job " + job.name()).getMessage());
                }
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again: keep checking the other runs.
                LOG.log(Level.WARNING, "could not check whether the cluster refuses the pod of run " + job.runId(), e);
            }
        }
    }

    /** Reads the followed Jobs no informer sees (an older sidecar's, without the owner label) and their pods. */
    private void pollUnlabelled() {
        for (String runId : unlabelled) {
            KubernetesJob followed = jobs.get(runId);
            if (closed || followed == null) {
                unlabelled.remove(runId);
                continue;
            }
            try {
                Job job = client.batch().v1().jobs().inNamespace(settings.namespace()).withName(followed.name()).get();
                followed.observe(job, job == null ? List.of() : podsOf(runId));
                if (job == null || followed.outcome().isDone()) {
                    unlabelled.remove(runId);
                }
            } catch (KubernetesClientException e) {
                LOG.fine(() -> "run " + runId + ": its Job could not be read now (" + e.getMessage() + "); read again in " + UNLABELLED_POLL);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not read the Job of run " + runId, e);
            }
        }
    }

    /** How many Jobs and pods this sidecar's informers hold: its own runs' only, whatever the namespace holds. */
    public int cachedObjects() {
        return jobInformer == null ? 0 : jobInformer.getStore().list().size() + podInformer.getStore().list().size();
    }

    private static void close(SharedIndexInformer<?> informer) {
        if (informer != null) {
            informer.close();
        }
    }

    /** Hands a run the latest Job and pods the informers hold (the given Job until the informer has one). */
    private void refresh(KubernetesJob followed, Job fallback) {
        Job job = jobInformer.getStore().getByKey(settings.namespace() + "/" + followed.name());
        if (job == null) {
            job = fallback;
        }
        if (job == null) {
            return;
        }
        List<Pod> pods = podInformer.getStore().list().stream()
                .filter(pod -> followed.runId().equals(label(pod, KubernetesNames.RUN))).toList();
        followed.observe(job, pods);
    }

    /** Informer events: a change to a Job or a pod refreshes its run; a deleted Job ends it. */
    private final class Changes<T extends HasMetadata> implements ResourceEventHandler<T> {
        private final boolean isJob;

        Changes(boolean isJob) {
            this.isJob = isJob;
        }

        @Override
        public void onAdd(T object) {
            changed(object);
        }

        @Override
        public void onUpdate(T before, T object) {
            changed(object);
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            KubernetesJob followed = jobs.get(String.valueOf(label(object, KubernetesNames.RUN)));
            if (followed == null) {
                return;
            }
            if (isJob) {
                followed.observe(null, List.of());
            } else {
                refresh(followed, null);
            }
        }

        private void changed(T object) {
            KubernetesJob followed = jobs.get(String.valueOf(label(object, KubernetesNames.RUN)));
            if (followed != null) {
                refresh(followed, isJob ? (Job) object : null);
            }
        }
    }

    private static String label(HasMetadata object, String key) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    private static String annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
