import dev.jupyship.deploy.cluster.JobSpec;
import dev.jupyship.deploy.cluster.kubernetes.JobTemplate;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesBatchCluster;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesNames;
import dev.jupyship.deploy.cluster.kubernetes.KubernetesSettings;
import dev.jupyship.deploy.store.LocalArtifactStore;
import dev.jupyship.testing.KubeControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What each sidecar's watch carries when many notebook pods share the dev namespace. The sidecars
 * are the real KubernetesBatchCluster (each with its own owner, on the sidecar's RBAC identity);
 * beside each, two counting watchers with the same selectors: the one the sidecar used before
 * (app.kubernetes.io/managed-by=jupyship: the whole namespace's runs) and the one it uses now (plus
 * jupyship.dev/owner). No node runs the pods: the Job controller makes them and they stay Pending,
 * which is enough to count the Job and pod changes every watch receives.
 * The runs: JOBS Jobs of OWNERS users, the first SIDECARS of whom have their sidecar here (their runs
 * deployed through it); the other users' runs are made as their own sidecars would make them.
 * Run by bench/watch as {@code java -cp CLASSES:TEST_CLASSES:DEPS bench/WatchBench.java [SIDECARS] [OWNERS] [JOBS]}.
 */
public class WatchBench {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** Counts the changes one informer delivers, and the bytes of the objects in them. */
    static final class Counter implements ResourceEventHandler<HasMetadata> {
        final AtomicLong events = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        private void count(HasMetadata object) {
            events.incrementAndGet();
            bytes.addAndGet(JSON.asJson(object).length());
        }

        @Override
        public void onAdd(HasMetadata object) {
            count(object);
        }

        @Override
        public void onUpdate(HasMetadata before, HasMetadata object) {
            count(object);
        }

        @Override
        public void onDelete(HasMetadata object, boolean finalStateUnknown) {
            count(object);
        }
    }

    /** A pair of informers (Jobs and pods) with one selector, as a sidecar has. */
    static final class Watcher {
        final Counter counter = new Counter();
        final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();

        @SuppressWarnings({"unchecked", "rawtypes"})
        Watcher(KubernetesClient client, String namespace, Map<String, String> selector) {
            Function<FilterWatchListDeletable, FilterWatchListDeletable> select = resources -> (FilterWatchListDeletable) resources.withLabels(selector);
            informers.add(((FilterWatchListDeletable) select.apply(client.batch().v1().jobs().inNamespace(namespace))).inform((ResourceEventHandler) counter, 0));
            informers.add(((FilterWatchListDeletable) select.apply(client.pods().inNamespace(namespace))).inform((ResourceEventHandler) counter, 0));
        }

        long cached() {
            return informers.stream().mapToLong(informer -> informer.getStore().list().size()).sum();
        }

        void close() {
            informers.forEach(SharedIndexInformer::close);
        }
    }

    public static void main(String[] args) throws Exception {
        int sidecars = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int owners = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int jobs = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        KubeControlPlane kube = new KubeControlPlane();
        kube.beforeAll(null);
        Path folder = Files.createTempDirectory("watch-bench");
        List<KubernetesBatchCluster> clusters = new ArrayList<>();
        List<Watcher> before = new ArrayList<>();
        List<Watcher> now = new ArrayList<>();
        try {
            String namespace = kube.namespace();
            LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
            Path notebook = Files.writeString(folder.resolve("train.ipynb"), "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
            KubernetesSettings settings = new KubernetesSettings(namespace, null, null, null, null);
            JobTemplate template = JobTemplate.load(null);
            for (int i = 0; i < sidecars; i++) {
                String owner = owner(i);
                KubernetesBatchCluster cluster = new KubernetesBatchCluster(kube.sidecar(), settings.ownedBy(owner), template, store);
                cluster.find("20000101T000000Z-nonexistent"); // its informers start on first use, as in a sidecar that has deployed
                clusters.add(cluster);
                before.add(new Watcher(kube.sidecar(), namespace, Map.of(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER)));
                now.add(new Watcher(kube.sidecar(), namespace, Map.of(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER,
                        KubernetesNames.OWNER, KubernetesNames.labelValue(owner))));
            }
            long start = System.nanoTime();
            for (int j = 0; j < jobs; j++) {
                int user = j % owners;
                String runId = String.format("20261207T%06dZ-u%04d", j, user);
                JobSpec spec = new JobSpec(runId, notebook, Map.of(), "registry/notebook:1", Duration.ofHours(1),
                        Map.of("notebook", "train.ipynb", "user", "user-" + user), "runs/p/train.ipynb/" + runId + "/");
                if (user < sidecars) {
                    clusters.get(user).submit(spec);
                } else {
                    kube.sidecar().batch().v1().jobs().inNamespace(namespace).resource(template.fill(spec, settings.ownedBy(owner(user)), store)).create();
                }
            }
            int runs = jobs;
            int runsEach = (int) Math.ceil(jobs / (double) owners);
            awaitQuiet(kube.admin(), namespace, runs, before, now);
            double seconds = (System.nanoTime() - start) / 1e9;

            System.out.printf("%d Jobs and their pods of %d users in one namespace (%d or %d runs a user), %d users' sidecars watching;"
                    + " real API server with RBAC; settled in %.1f s%n", runs, owners, runs / owners, runsEach, sidecars, seconds);
            System.out.printf("%-34s %14s %14s %16s%n", "per sidecar (mean)", "changes", "KB received", "objects cached");
            print("before: the namespace's runs", before);
            print("now: its own runs (owner label)", now);
            long[] caches = clusters.stream().mapToLong(KubernetesBatchCluster::cachedObjects).sorted().toArray();
            System.out.printf("the sidecars' own caches (KubernetesBatchCluster): %d to %d objects each%n", caches[0], caches[caches.length - 1]);
            System.out.printf("all %d watches together: before %,d changes, %.1f MB; now %,d changes, %.1f MB%n", sidecars,
                    total(before, c -> c.events.get()), total(before, c -> c.bytes.get()) / 1e6,
                    total(now, c -> c.events.get()), total(now, c -> c.bytes.get()) / 1e6);
        } finally {
            clusters.forEach(KubernetesBatchCluster::close);
            before.forEach(Watcher::close);
            now.forEach(Watcher::close);
            kube.afterAll(null);
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String owner(int user) {
        return "jupyter-user-" + user;
    }

    /** Until every run has its pod and no watcher has received anything for two seconds. */
    private static void awaitQuiet(KubernetesClient admin, String namespace, int runs, List<Watcher> before, List<Watcher> now)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long last = -1;
        int quiet = 0;
        while (quiet < 4) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the runs did not settle within 5 minutes");
            }
            Thread.sleep(500);
            long seen = total(before, c -> c.events.get()) + total(now, c -> c.events.get());
            int pods = admin.pods().inNamespace(namespace).withLabel(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER).list().getItems().size();
            quiet = pods >= runs && seen == last ? quiet + 1 : 0;
            last = seen;
        }
    }

    private static long total(List<Watcher> watchers, java.util.function.ToLongFunction<Counter> figure) {
        return watchers.stream().mapToLong(w -> figure.applyAsLong(w.counter)).sum();
    }

    private static void print(String label, List<Watcher> watchers) {
        double n = watchers.size();
        System.out.printf("%-34s %14.1f %14.1f %16.1f%n", label, total(watchers, c -> c.events.get()) / n,
                total(watchers, c -> c.bytes.get()) / n / 1024, watchers.stream().mapToLong(Watcher::cached).sum() / n);
    }
}
