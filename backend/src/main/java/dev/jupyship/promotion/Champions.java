package dev.jupyship.promotion;

import dev.jupyship.contract.Contract;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.KeyPage;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.errors.NotFound;
import dev.jupyship.errors.Unavailable;
import dev.jupyship.workspace.PathNames;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The champions in the store, one per project, notebook and model name:
 * <pre>
 * champions/&lt;project&gt;/&lt;notebook path&gt;/&lt;model&gt;/champion.json              the pointer ({@link Champion})
 *                                                    history/&lt;key&gt;.json        one per decision ({@link ChampionEvent})
 * </pre>
 * The pointer moves only by compare-and-set ({@link ArtifactStore#putIfVersion}: GCS generation
 * preconditions, a file lock and an atomic rename locally): whoever loses a race reads the pointer
 * again and decides again against the new champion, so two runs ending at once leave one champion
 * and both decisions. Each decision is a new key written only if absent, so nothing is overwritten;
 * history keys start with the time (in microseconds) counted down, so a listing (in key order) is newest first. The
 * pointer is moved before its decision is written: a process that dies between the two leaves the
 * champion moved without its history entry, never an entry for a move that did not happen.
 */
public final class Champions {

    public static final String ROOT = "champions/";
    static final String POINTER = "champion.json";
    static final String HISTORY = "history/";
    /** The decisions {@link #show} answers with. */
    public static final int RECENT = 20;
    /** Lost races in a row before giving up: each loss means another writer moved the pointer meanwhile. */
    private static final int ATTEMPTS = 50;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A run by its id: from the deployer's history in the sidecar, from the store in a command that only reads. */
    public interface RunLookup {
        Optional<RunManifest> find(String id) throws IOException;
    }

    /** A champion and its newest decisions, newest first; the champion is null while no run has been promoted. */
    public record View(String notebook, String model, Champion champion, List<ChampionEvent> decisions) {
    }

    private final ArtifactStore store;
    private final String project;
    private final RunLookup runs;
    private final Clock clock;
    private final String user;

    /**
     * @param project the workspace's project: the one the notebook-named operations ({@link #show}, {@link #rollback}) act in
     * @param user    who the history names for manual promotions and rollbacks
     */
    public Champions(ArtifactStore store, String project, RunLookup runs, Clock clock, String user) {
        this.store = store;
        this.project = project;
        this.runs = runs;
        this.clock = clock;
        this.user = user;
    }

    /** The champions of the deployer's store and project; runs are looked up through it. */
    public static Champions of(Deployer deployer) {
        return new Champions(deployer.store(), deployer.project(), deployer::find, Clock.systemUTC(), user());
    }

    /** The same for a command that only reads runs (no cluster, no thread). */
    public static Champions of(RunHistory history) {
        return new Champions(history.store(), history.project(), history::readOne, Clock.systemUTC(), user());
    }

    /** The folder of a champion and its history. */
    public static String folder(String project, String notebook, String model) {
        return ROOT + project + "/" + notebook + "/" + model + "/";
    }

    public Optional<Champion> champion(String runProject, String notebook, String model) throws IOException {
        Optional<ArtifactStore.Versioned> pointer = store.readVersioned(folder(runProject, notebook, model) + POINTER);
        return pointer.isEmpty() ? Optional.empty() : Optional.of(RunHistory.JSON.readValue(pointer.get().data(), Champion.class));
    }

    /** The newest decisions (at most {@code limit}, up to one page of the store), newest first. */
    public List<ChampionEvent> history(String runProject, String notebook, String model, int limit) throws IOException {
        KeyPage page = store.list(folder(runProject, notebook, model) + HISTORY, Math.min(limit, ArtifactStore.MAX_PAGE), null);
        return read(page.keys());
    }

    private List<ChampionEvent> read(List<String> keys) throws IOException {
        List<ChampionEvent> events = new ArrayList<>();
        for (String key : keys) {
            events.add(RunHistory.JSON.readValue(store.read(key), ChampionEvent.class));
        }
        return events;
    }

    /** The notebook's champion for the model (null: {@code model}) with its recent decisions; not found when nothing was ever decided. */
    public View show(String notebook, String model) throws IOException {
        String path = PathNames.canonical(notebook);
        String name = modelName(model);
        Champion champion = champion(project, path, name).orElse(null);
        List<ChampionEvent> decisions = history(project, path, name, RECENT);
        if (champion == null && decisions.isEmpty()) {
            throw new NotFound(path + " has no champion" + forModel(name) + ": no run of it has been promoted yet (a succeeded run is, when "
                    + "its contract declares the model and a metric with \"better\"; or promote one with jupyship promote RUN)");
        }
        return new View(path, name, champion, decisions);
    }

    // ---------------------------------------------------------------- the gate's decisions

    /**
     * Records the gate's decision on an ended run (its manifest's {@link RunManifest#promotion}) and,
     * when promoted, makes it champion. If the champion moved since the gate compared (another run
     * ended at the same time, a rollback), the run is decided again against the new champion, and the
     * history says so. Answers the event recorded, or null for a run without a decision.
     */
    public ChampionEvent settle(RunManifest run) throws IOException {
        Promotion decision = run.promotion();
        if (decision == null) {
            return null;
        }
        Contract contract = RunContract.of(store, run).orElseThrow(() -> new IllegalStateException("run " + run.id()
                + " has a promotion decision but its notebook no contract"));
        return move(folder(run.project(), run.notebook(), decision.model()), current -> {
            String before = current == null ? null : current.run();
            Promotion effective = decision;
            List<String> reasons = new ArrayList<>(decision.reasons());
            if (!Objects.equals(before, decision.champion())) {
                Instant now = clock.instant();
                effective = PromotionGate.decide(contract, run, current, now);
                reasons = new ArrayList<>(effective.reasons());
                reasons.add("decided again: the champion became " + before + " while the run ended (the gate had compared it with "
                        + (decision.champion() == null ? "no champion" : decision.champion()) + ")");
            }
            Instant at = clock.instant();
            if (!effective.promoted()) {
                return new Step(new ChampionEvent(ChampionEvent.Kind.NOT_PROMOTED, run.id(), run.notebook(), decision.model(), before, before,
                        reasons, effective.changes(), PromotionGate.GATE, at), null);
            }
            return new Step(new ChampionEvent(ChampionEvent.Kind.PROMOTED, run.id(), run.notebook(), decision.model(), before, run.id(),
                    reasons, effective.changes(), PromotionGate.GATE, at),
                    new Champion(run.id(), run.project(), run.notebook(), decision.model(), run.metrics(), ChampionEvent.Kind.PROMOTED,
                            PromotionGate.GATE, at, before));
        });
    }

    // ---------------------------------------------------------------- by hand

    /**
     * Makes a succeeded run with a model champion, whatever the gate said: a human override, recorded
     * as such with what the gate would have said.
     */
    public ChampionEvent promote(String id) throws IOException {
        if (!RunLayout.isId(id)) {
            throw new BadInput("'" + id + "' is not a run id (like 20261128T023000Z-ab12cd)");
        }
        RunManifest run = runs.find(id).orElseThrow(() -> new NotFound("no run '" + id + "'"));
        if (run.status() != RunStatus.SUCCEEDED) {
            throw new Conflict("run " + id + " " + run.status().label() + (run.failure() == null ? "" : " (" + run.failure().summary() + ")")
                    + ": only a succeeded run can be promoted");
        }
        Contract contract = RunContract.of(store, run).orElseThrow(() -> new Conflict("run " + id + " has no model: " + run.notebook()
                + " declares no contract, so no outputs.model"));
        Contract.Model model = contract.outputs().model();
        if (model == null) {
            throw new Conflict("run " + id + " has no model: the contract of " + run.notebook() + " declares no outputs.model");
        }
        if (run.artifacts() == null || !run.artifacts().contains(model.path())) {
            throw new Conflict("run " + id + " has no model: its outputs lack " + model.path());
        }
        return move(folder(run.project(), run.notebook(), model.name()), current -> {
            if (current != null && current.run().equals(id)) {
                throw new Conflict("run " + id + " is already the champion of " + run.notebook() + forModel(model.name()));
            }
            Instant at = clock.instant();
            Promotion gate = PromotionGate.decide(contract, run, current, at);
            List<String> reasons = new ArrayList<>();
            reasons.add("promoted by hand by " + user + ", overriding the gate");
            if (!gate.promoted()) {
                gate.reasons().forEach(reason -> reasons.add("the gate would not have promoted it: " + reason));
            }
            String before = current == null ? null : current.run();
            return new Step(new ChampionEvent(ChampionEvent.Kind.MANUAL_PROMOTE, id, run.notebook(), model.name(), before, id, reasons,
                    gate.changes(), user, at),
                    new Champion(id, run.project(), run.notebook(), model.name(), run.metrics(), ChampionEvent.Kind.MANUAL_PROMOTE, user, at,
                            before));
        });
    }

    /**
     * Moves the champion back: to {@code to}, a run that was champion before, or (null) to the
     * champion the current one replaced when it was promoted, so rolling back twice goes back twice.
     */
    public ChampionEvent rollback(String notebook, String model, String to) throws IOException {
        String path = PathNames.canonical(notebook);
        String name = modelName(model);
        if (to != null && !RunLayout.isId(to)) {
            throw new BadInput("--to must be a run id (like 20261128T023000Z-ab12cd), not '" + to + "'");
        }
        String folder = folder(project, path, name);
        return move(folder, current -> {
            if (current == null) {
                throw new NotFound(path + " has no champion" + forModel(name) + " to roll back: no run of it has been promoted");
            }
            String target = to != null ? formerChampion(folder, path, name, to) : replaced(folder, path, name, current.run());
            if (target.equals(current.run())) {
                throw new Conflict("run " + target + " is already the champion of " + path + forModel(name));
            }
            RunManifest run = runs.find(target).orElseThrow(() -> new Conflict("run " + target + ", the champion to roll back to, is no "
                    + "longer in the store (deleted?); roll back to another with --to RUN"));
            Instant at = clock.instant();
            return new Step(new ChampionEvent(ChampionEvent.Kind.ROLLBACK, target, path, name, current.run(), target,
                    List.of("rolled back by " + user + " from " + current.run() + " to " + target), null, user, at),
                    new Champion(target, run.project(), path, name, run.metrics(), ChampionEvent.Kind.ROLLBACK, user, at, current.run()));
        });
    }

    /** The champion {@code champion} replaced when it was last promoted. */
    private String replaced(String folder, String notebook, String model, String champion) throws IOException {
        ChampionEvent promotion = find(folder, e -> (e.kind() == ChampionEvent.Kind.PROMOTED || e.kind() == ChampionEvent.Kind.MANUAL_PROMOTE)
                && champion.equals(e.after()));
        if (promotion == null || promotion.before() == null) {
            throw new Conflict("run " + champion + " was the first champion of " + notebook + forModel(model)
                    + ": there is no earlier one to roll back to");
        }
        return promotion.before();
    }

    private String formerChampion(String folder, String notebook, String model, String run) throws IOException {
        if (find(folder, e -> e.kind().moves() && run.equals(e.after())) == null) {
            throw new Conflict("run " + run + " was never the champion of " + notebook + forModel(model) + ": promote it instead (jupyship promote "
                    + run + ")");
        }
        return run;
    }

    /** The newest event that matches, reading the history a page at a time. */
    private ChampionEvent find(String folder, java.util.function.Predicate<ChampionEvent> wanted) throws IOException {
        String after = null;
        do {
            KeyPage page = store.list(folder + HISTORY, ArtifactStore.MAX_PAGE, after);
            for (ChampionEvent event : read(page.keys())) {
                if (wanted.test(event)) {
                    return event;
                }
            }
            after = page.next();
        } while (after != null);
        return null;
    }

    // ---------------------------------------------------------------- the pointer

    /** What to record, and the champion to move to (null: the pointer stays). */
    private record Step(ChampionEvent event, Champion next) {
    }

    private interface Decision {
        Step decide(Champion current) throws IOException;
    }

    /** Reads the pointer, decides, and moves it only if nobody moved it meanwhile; else reads and decides again. */
    private ChampionEvent move(String folder, Decision decision) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ArtifactStore.Versioned> read = store.readVersioned(folder + POINTER);
            Champion current = read.isEmpty() ? null : RunHistory.JSON.readValue(read.get().data(), Champion.class);
            Step step = decision.decide(current);
            if (step.next() != null) {
                Optional<String> moved = store.putIfVersion(folder + POINTER, RunHistory.JSON.writeValueAsBytes(step.next()),
                        read.map(ArtifactStore.Versioned::version).orElse(null));
                if (moved.isEmpty()) {
                    continue; // another writer came first
                }
            }
            append(folder, step.event());
            return step.event();
        }
        throw new Unavailable("the champion in " + folder + " kept moving while this change was decided " + ATTEMPTS + " times; try again");
    }

    /** A new history key, never one that exists: the time counted down (newest first in key order), then the time, then a random tail. */
    private void append(String folder, ChampionEvent event) throws IOException {
        byte[] bytes = RunHistory.JSON.writeValueAsBytes(event);
        long micros = event.at().getEpochSecond() * 1_000_000 + event.at().getNano() / 1_000;
        while (true) {
            String key = folder + HISTORY + String.format("%019d", Long.MAX_VALUE - micros) + "-" + STAMP.format(event.at()) + "-"
                    + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36) + ".json";
            if (store.putIfVersion(key, bytes, null).isPresent()) {
                return;
            }
        }
    }

    /** Who promotes or rolls back by hand: JupyterHub's user in a notebook pod, else the account this process runs as. */
    public static String user() {
        String hub = System.getenv("JUPYTERHUB_USER");
        return hub != null && !hub.isBlank() ? hub : System.getProperty("user.name", "unknown");
    }

    private static String modelName(String model) {
        if (model == null || model.isEmpty()) {
            return Contract.Model.DEFAULT_NAME;
        }
        if (!Contract.Model.isName(model)) {
            throw new BadInput("'" + model + "' is not a model name: letters, digits, '_', '-' and '.', starting with a letter, digit or '_'");
        }
        return model;
    }

    private static String forModel(String model) {
        return " (model '" + model + "')";
    }
}
