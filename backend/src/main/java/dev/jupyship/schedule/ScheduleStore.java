package dev.jupyship.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.errors.Conflict;
import dev.jupyship.errors.NotFound;
import dev.jupyship.errors.Unavailable;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Where schedules are kept: in the runs' artifact store, so they survive restarts and every sidecar
 * sharing the store sees the same ones. {@code schedules/<project>/<id>.json} is a schedule, written
 * only by compare-and-set (a pause and the scheduler's bookkeeping never undo each other);
 * {@code schedule-slots/<project>/<id>/<slot>} is the claim on one slot, put only where there is none,
 * so exactly one claimant starts it; {@code schedule-inputs/<project>/<id>/} keeps the notebook a
 * cluster's timer runs (a CronJob's pod has no workspace), as checked when the schedule was added.
 */
final class ScheduleStore {

    private static final Logger LOG = Logger.getLogger(ScheduleStore.class.getName());
    static final String SCHEDULES = "schedules/";
    static final String SLOTS = "schedule-slots/";
    static final String INPUTS = "schedule-inputs/";
    /** What an id looks like: a DNS label, so the key stays one segment and a CronJob can bear the name. */
    static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?");
    private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** Writers racing on one schedule: each retry reads again; more than this many lost races means something is wrong. */
    private static final int ATTEMPTS = 32;
    private static final ObjectMapper JSON = RunHistory.JSON;

    private final ArtifactStore store;
    private final String project;

    ScheduleStore(ArtifactStore store, String project) {
        this.store = store;
        this.project = project;
    }

    String project() {
        return project;
    }

    private String key(String id) {
        return SCHEDULES + project + "/" + id + ".json";
    }

    String slotKey(String id, Instant slot) {
        return SLOTS + project + "/" + id + "/" + SLOT.format(slot);
    }

    /** Every schedule of the project, by id; one that cannot be read is left out with a warning. */
    List<Schedule> list() throws IOException {
        List<Schedule> schedules = new ArrayList<>();
        for (String key : store.list(SCHEDULES + project + "/")) {
            if (!key.endsWith(".json")) {
                continue;
            }
            try {
                schedules.add(JSON.readValue(store.read(key), Schedule.class));
            } catch (java.nio.file.NoSuchFileException deletedMeanwhile) {
                // gone between the listing and the read
            } catch (IOException unreadable) {
                LOG.log(Level.WARNING, "schedule " + key + " cannot be read; it is skipped: " + unreadable.getMessage());
            }
        }
        return schedules;
    }

    Optional<Schedule> find(String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Optional<ArtifactStore.Versioned> stored = store.readVersioned(key(id));
        return stored.isEmpty() ? Optional.empty() : Optional.of(JSON.readValue(stored.get().data(), Schedule.class));
    }

    Schedule require(String id) throws IOException {
        return find(id).orElseThrow(() -> new NotFound("no schedule '" + id + "' in project '" + project + "'"));
    }

    /** Stores a new schedule; {@link Conflict} when its id is taken. */
    void create(Schedule schedule) throws IOException {
        if (store.putIfVersion(key(schedule.id()), JSON.writeValueAsBytes(schedule), null).isEmpty()) {
            throw new Conflict("schedule '" + schedule.id() + "' exists already");
        }
    }

    /** Reads the schedule, changes it and writes it back unless another writer came first (then again); {@link NotFound} when it is gone. */
    Schedule update(String id, UnaryOperator<Schedule> change) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ArtifactStore.Versioned> stored = id != null && ID.matcher(id).matches() ? store.readVersioned(key(id)) : Optional.empty();
            if (stored.isEmpty()) {
                throw new NotFound("no schedule '" + id + "' in project '" + project + "'");
            }
            Schedule changed = change.apply(JSON.readValue(stored.get().data(), Schedule.class));
            if (store.putIfVersion(key(id), JSON.writeValueAsBytes(changed), stored.get().version()).isPresent()) {
                return changed;
            }
        }
        throw new Unavailable("schedule '" + id + "' is being changed by others all the time; try again");
    }

    /** Removes the schedule, then its slots' claims and its staged notebook. */
    void delete(String id) throws IOException {
        require(id);
        store.delete(key(id));
        for (String prefix : List.of(SLOTS, INPUTS)) {
            for (String left : store.list(prefix + project + "/" + id + "/")) {
                store.delete(left);
            }
        }
    }

    private String input(String id, String name) {
        return INPUTS + project + "/" + id + "/" + name;
    }

    /** Keeps the notebook a cluster's timer runs for the schedule: its bytes, then what it is (read last, written last). */
    void putStaged(String id, Deployer.Staged staged, byte[] bytes) throws IOException {
        store.put(input(id, "notebook.ipynb"), bytes);
        store.put(input(id, "staged.json"), JSON.writeValueAsBytes(staged));
    }

    /** The schedule's staged notebook; empty when none was kept (a schedule added for the embedded scheduler). */
    Optional<StagedNotebook> staged(String id) throws IOException {
        if (!store.exists(input(id, "staged.json"))) {
            return Optional.empty();
        }
        Deployer.Staged staged = JSON.readValue(store.read(input(id, "staged.json")), Deployer.Staged.class);
        return Optional.of(new StagedNotebook(staged, store.read(input(id, "notebook.ipynb"))));
    }

    /**
     * Deletes the schedule's claims on slots before {@code before}: slots that far behind its watermark
     * are never claimed again, and a schedule every minute would otherwise leave 1,440 claims a day.
     * Answers how many went.
     */
    int pruneClaims(String id, Instant before) throws IOException {
        String folder = SLOTS + project + "/" + id + "/";
        String oldest = folder + SLOT.format(before);
        int pruned = 0;
        for (String claim : store.list(folder)) {
            if (claim.compareTo(oldest) < 0) { // the slot's UTC time, as the key spells it, sorts as time does
                store.delete(claim);
                pruned++;
            }
        }
        return pruned;
    }

    /** Claims one slot of a schedule: true for exactly one claimant, in this process or any other sharing the store. */
    boolean claim(String id, Instant slot, String claimant, Instant at) throws IOException {
        byte[] claim = JSON.writeValueAsBytes(Map.of("schedule", id, "slot", slot.toString(), "claimedBy", claimant, "claimedAt", at.toString()));
        return store.putIfVersion(slotKey(id, slot), claim, null).isPresent();
    }
}
