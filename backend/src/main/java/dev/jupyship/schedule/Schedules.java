package dev.jupyship.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.jupyship.deploy.DeployGate;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.GateRefusal;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.DomainError;
import dev.jupyship.workspace.PathNames;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The schedules of the deployer's project, and what can be done with them: add (checked like a
 * deploy), list, pause, resume, delete, run now; and the run of one slot, which the scheduler asks
 * for ({@link #runSlot}). A scheduled run is a normal deploy marked with its schedule
 * ({@link RunManifest#schedule()}), with an idempotency key made of the schedule and the slot, so a
 * retry never doubles it.
 */
public final class Schedules {

    private static final Logger LOG = Logger.getLogger(Schedules.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Deployer deployer;
    private final ScheduleStore store;
    private final Clock clock;
    private final List<ScheduleListener> listeners = new CopyOnWriteArrayList<>();
    /** The cluster that fires the schedules itself, or null: this process's scheduler does. */
    private volatile ScheduleTarget target;

    /**
     * The instance of the process's deployer (a sidecar or a command has one): its scheduler, its routes
     * and its listeners share it. Only the latest is kept, so a closed deployer is not held on to.
     */
    private static Schedules latest;

    /** The schedules of the deployer's project, on the system's clock: the same instance for every caller, so a listener added hears all. */
    public static synchronized Schedules of(Deployer deployer) {
        if (latest == null || latest.deployer != deployer) {
            latest = new Schedules(deployer, Clock.systemUTC());
        }
        return latest;
    }

    public Schedules(Deployer deployer, Clock clock) {
        this.deployer = deployer;
        this.store = new ScheduleStore(deployer.store(), deployer.project());
        this.clock = clock;
    }

    /**
     * From now on, schedules are fired by the cluster's timers (Kubernetes CronJobs): each one added is
     * made there with the notebook staged in the store, kept in step when paused or resumed, and
     * removed with it; the embedded scheduler then leaves them alone.
     */
    public void fireOn(ScheduleTarget cluster) {
        this.target = cluster;
    }

    /** Whether a cluster fires the schedules (so this process's scheduler must not). */
    public boolean firedByCluster() {
        return target != null;
    }

    /** From now on, what could not be done as planned is told to the listener too (alerts). */
    public void addListener(ScheduleListener listener) {
        listeners.add(listener);
    }

    Clock clock() {
        return clock;
    }

    ScheduleStore store() {
        return store;
    }

    /** A schedule as the list shows it: the schedule, its next run, and its last run's status. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(@JsonUnwrapped Schedule schedule, Instant nextRun, RunStatus lastRunStatus) {
    }

    /**
     * Adds a schedule after checking it: the cron expression and zone, the notebook (at the revision,
     * which must exist), its parameters against its contract, and the deploy gate. {@link BadInput},
     * {@link dev.jupyship.errors.NotFound} or {@link GateRefusal} say what is wrong; nothing is stored then.
     */
    public Schedule add(ScheduleRequest request) throws IOException {
        if (request.notebook() == null || request.notebook().isBlank()) {
            throw new BadInput("'notebook' is required: the notebook to schedule, relative to the workspace");
        }
        String ref = request.ref() == null || request.ref().isBlank() ? null : request.ref().trim();
        // the notebook first: a path outside the workspace is refused as such, whatever else is wrong
        Deployer.Prepared prepared = deployer.prepare(new DeployRequest(request.notebook(), ref, request.parameters(), null, false, null));
        DeployGate.Verdict verdict = prepared.verdict();
        CronSchedule times = CronSchedule.parse(request.cron(), request.timeZone());
        if (!verdict.parameterProblems().isEmpty()) {
            throw new BadInput(verdict.file() + ": " + String.join("; ", verdict.parameterProblems()));
        }
        if (!verdict.blocking().isEmpty()) {
            throw new GateRefusal(verdict);
        }
        Schedule schedule = new Schedule(newId(verdict.file()), store.project(), verdict.file(), times.expression(), times.zone().getId(),
                request.parameters(), ref, false, Deployer.user(), clock.instant(), null, null, null, null);
        ScheduleTarget cluster = target;
        if (cluster == null) {
            store.create(schedule);
            return schedule;
        }
        // A CronJob's pod has no workspace: it runs the notebook as checked now, kept beside the schedule.
        store.create(schedule);
        try {
            store.putStaged(schedule.id(), prepared.staged(), prepared.bytes());
            cluster.put(schedule);
        } catch (IOException | RuntimeException refused) {
            forget(schedule.id()); // nothing half-made: no schedule the cluster does not have
            throw refused;
        }
        return schedule;
    }

    private void forget(String id) {
        try {
            store.delete(id);
        } catch (IOException | RuntimeException leftover) {
            LOG.log(Level.WARNING, "schedule " + id + " could not be removed after the cluster refused it: " + leftover.getMessage());
        }
    }

    /** The notebook's name in lower case letters, digits and dashes, then 6 random hex digits. */
    static String newId(String notebook) {
        String name = notebook.substring(notebook.lastIndexOf('/') + 1).replaceFirst("\\.ipynb$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (name.length() > 32) {
            name = name.substring(0, 32).replaceAll("-+$", "");
        }
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return (name.isEmpty() ? "schedule" : name) + "-" + HexFormat.of().formatHex(random);
    }

    /** Every schedule, or a notebook's (null: all), by notebook then creation. */
    public List<View> list(String notebook) throws IOException {
        String wanted = notebook == null || notebook.isEmpty() ? null : PathNames.canonical(notebook);
        List<View> views = new ArrayList<>();
        for (Schedule schedule : store.list()) {
            if (wanted == null || wanted.equals(schedule.notebook())) {
                views.add(view(schedule));
            }
        }
        views.sort(Comparator.comparing((View v) -> v.schedule().notebook()).thenComparing(v -> v.schedule().createdAt()));
        return views;
    }

    public View show(String id) throws IOException {
        return view(store.require(id));
    }

    private View view(Schedule schedule) {
        Instant next = null;
        if (!schedule.paused()) {
            Instant now = clock.instant();
            next = schedule.times().next(now.isAfter(schedule.watermark()) ? now : schedule.watermark()).orElse(null);
        }
        RunStatus last = null;
        if (schedule.lastRun() != null) {
            try {
                last = deployer.find(schedule.lastRun()).map(RunManifest::status).orElse(null);
            } catch (java.io.UncheckedIOException unreadable) {
                // the list still shows the schedule; the status is for another time
            }
        }
        return new View(schedule, next, last);
    }

    public View pause(String id) throws IOException {
        return view(inStep(store.update(id, schedule -> schedule.paused(true, clock.instant()))));
    }

    /** Runs again from now on: the slots that passed while it was paused are skipped, not missed. */
    public View resume(String id) throws IOException {
        return view(inStep(store.update(id, schedule -> schedule.paused(false, clock.instant()))));
    }

    /**
     * The cluster's timer made to match the stored schedule. Should the cluster refuse, the store still
     * says what was asked, and a timer that fires while the schedule is paused runs nothing ({@link #fire}).
     */
    private Schedule inStep(Schedule schedule) throws IOException {
        ScheduleTarget cluster = target;
        if (cluster != null) {
            cluster.put(schedule);
        }
        return schedule;
    }

    public void delete(String id) throws IOException {
        store.delete(id);
        ScheduleTarget cluster = target;
        if (cluster != null) {
            cluster.remove(id);
        }
    }

    /** What {@link #fire} did: the run it started, or why it started none. */
    public record Fired(RunManifest run, String note) {
    }

    /**
     * The run a cluster's timer starts (a CronJob's pod, {@code jupyship schedule fire ID}): the
     * schedule's latest slot at or before now, if it is still the schedule's to run and this process
     * claims it (a controller's retry or a second pod finds it claimed), from the notebook staged when
     * the schedule was added, with its parameters and the data snapshots resolved now. A paused or
     * deleted schedule starts nothing.
     */
    public Fired fire(String id) throws IOException {
        Optional<Schedule> found = store.find(id);
        if (found.isEmpty()) {
            return new Fired(null, "schedule " + id + " no longer exists: nothing to run (its CronJob is left from before its deletion)");
        }
        Schedule schedule = found.get();
        if (schedule.paused()) {
            return new Fired(null, "schedule " + id + " is paused: nothing to run");
        }
        Instant now = clock.instant();
        Optional<Instant> slot = schedule.times().latestAtOrBefore(now).filter(at -> at.isAfter(schedule.watermark()));
        if (slot.isEmpty()) {
            return new Fired(null, "schedule " + id + " has no slot to run at " + now + " (its last one is dealt with)");
        }
        Optional<StagedNotebook> staged = store.staged(id);
        if (staged.isEmpty()) {
            String why = "schedule " + id + " has no notebook kept in the store for its cluster to run: add it again";
            record(schedule, slot.get(), null, why);
            return new Fired(null, why);
        }
        Optional<RunManifest> run = runSlot(schedule, slot.get(), null, "cronjob " + Deployer.user(),
                key -> deployer.deployStaged(staged.get().staged(), staged.get().bytes(), schedule.parameters(), key, schedule.id()));
        return run.map(started -> new Fired(started, null))
                .orElseGet(() -> new Fired(null, "the run of " + slot.get() + " was started elsewhere, or could not start (see the schedule)"));
    }

    /** Runs the schedule's notebook now, as its next slot would (paused or not), and records the run as its last. */
    public RunManifest runNow(String id) throws IOException {
        Schedule schedule = store.require(id);
        Instant now = clock.instant();
        RunManifest run;
        try {
            run = deployer.deploy(request(schedule, "schedule:" + schedule.id() + ":now:" + now.toEpochMilli()));
        } catch (RuntimeException refused) {
            record(schedule, null, null, problem(refused));
            throw refused;
        }
        record(schedule, null, run.id(), null);
        return run;
    }

    private static DeployRequest request(Schedule schedule, String key) {
        return new DeployRequest(schedule.notebook(), schedule.ref(), schedule.parameters(), null, false, key, schedule.id());
    }

    /**
     * Starts the run of one slot, if this process claims it (exactly one claimant does); tells the
     * listeners of a miss (when given) and of a run that could not start. Answers the run started, if any.
     */
    Optional<RunManifest> runSlot(Schedule schedule, Instant slot, MissedSlots missed, String claimant) throws IOException {
        return runSlot(schedule, slot, missed, claimant, key -> deployer.deploy(request(schedule, key)));
    }

    /** Starts a slot's run, given its idempotency key. */
    interface Starter {
        RunManifest start(String idempotencyKey) throws IOException;
    }

    private Optional<RunManifest> runSlot(Schedule schedule, Instant slot, MissedSlots missed, String claimant, Starter starter)
            throws IOException {
        if (!store.claim(schedule.id(), slot, claimant, clock.instant())) {
            return Optional.empty(); // another scheduler has it
        }
        pruneOnANewDay(schedule, slot);
        if (missed != null) {
            tell(listener -> listener.missed(missed));
        }
        RunManifest run;
        try {
            run = starter.start("schedule:" + schedule.id() + ":" + slot);
        } catch (IOException | RuntimeException refused) {
            String reason = problem(refused);
            LOG.log(Level.WARNING, "schedule " + schedule.id() + ": the run of " + slot + " could not be started: " + reason);
            record(schedule, slot, null, reason);
            tell(listener -> listener.notStarted(schedule, slot, reason));
            return Optional.empty();
        }
        String problem = run.status() == RunStatus.FAILED && run.failure() != null ? run.failure().summary() : null;
        record(schedule, slot, run.id(), problem);
        if (problem != null) {
            tell(listener -> listener.notStarted(schedule, slot, problem));
        }
        return Optional.of(run);
    }

    /** How long slot claims are kept: far behind any watermark, and a week of history to look at. */
    static final Duration CLAIMS_KEPT = Duration.ofDays(7);

    /** Once a day a schedule runs (its first slot of a UTC day), its claims older than {@link #CLAIMS_KEPT} go. */
    private void pruneOnANewDay(Schedule schedule, Instant slot) {
        Instant last = schedule.lastSlot();
        if (last != null && last.truncatedTo(ChronoUnit.DAYS).equals(slot.truncatedTo(ChronoUnit.DAYS))) {
            return;
        }
        try {
            store.pruneClaims(schedule.id(), slot.minus(CLAIMS_KEPT));
        } catch (IOException | RuntimeException left) {
            LOG.log(Level.FINE, "schedule " + schedule.id() + ": old slot claims stay for now: " + left.getMessage());
        }
    }

    /** What a person reads of a refusal: the domain's message; anything else by its kind. */
    private static String problem(Exception refused) {
        if (refused instanceof DomainError || refused instanceof GateRefusal || refused instanceof IOException) {
            return refused.getMessage();
        }
        return refused.getClass().getSimpleName() + ": " + refused.getMessage();
    }

    private void record(Schedule schedule, Instant slot, String run, String problem) {
        try {
            store.update(schedule.id(), stored -> stored.ran(slot, run, problem));
        } catch (IOException | RuntimeException unrecorded) {
            // the claim is what prevents a second run; this is the list's bookkeeping
            LOG.log(Level.WARNING, "schedule " + schedule.id() + ": its last run could not be recorded: " + unrecorded.getMessage());
        }
    }

    /** Marks slots up to {@code slot} dealt with (another claimant ran it). */
    void cover(Schedule schedule, Instant slot) {
        try {
            store.update(schedule.id(), stored -> stored.covered(slot));
        } catch (IOException | RuntimeException unrecorded) {
            LOG.log(Level.FINE, "schedule " + schedule.id() + ": " + unrecorded.getMessage());
        }
    }

    private void tell(java.util.function.Consumer<ScheduleListener> event) {
        for (ScheduleListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException broken) {
                LOG.log(Level.WARNING, "a schedule listener failed; the scheduler goes on", broken);
            }
        }
    }
}
