package dev.jupyship.deploy;

import dev.jupyship.run.ThisMachine;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who owns a run in flight: the process that follows it and stores its outcome, named in the
 * manifest as {@code host:pid:start:instance}. From that string any process on the same machine
 * can tell whether the owner still runs (the pid alive with the same start time, or, within this
 * JVM, the instance still open); a run owned on another machine is assumed alive.
 */
final class Ownership implements AutoCloseable {

    private static final Set<String> LIVE_INSTANCES = ConcurrentHashMap.newKeySet();
    private static final ProcessHandle SELF = ProcessHandle.current();
    /** The machine a run's owner runs on, so a sidecar judges only its own machine's runs after a restart. */
    private static final String HOST = ThisMachine.name();

    private final String instance = UUID.randomUUID().toString();
    private final String owner;

    /** A new owner in this process, alive until closed. */
    Ownership() {
        this.owner = HOST + ":" + SELF.pid() + ":" + SELF.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + ":" + instance;
        LIVE_INSTANCES.add(instance);
    }

    /** The owner string manifests carry. */
    String owner() {
        return owner;
    }

    /** Forgets this owner: its runs look, to the next owner on this machine, like a crashed process's. */
    @Override
    public void close() {
        LIVE_INSTANCES.remove(instance);
    }

    /** Whether the process that owns a run may still be running it: for another machine's runs, assumed so. */
    static boolean alive(String owner) {
        if (owner == null) {
            return false;
        }
        String[] parts = owner.split(":");
        if (parts.length == 4) {
            if (!parts[0].equals(HOST)) {
                return true;
            }
            parts = Arrays.copyOfRange(parts, 1, 4);
        }
        if (parts.length != 3) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            if (pid == SELF.pid()) {
                return LIVE_INSTANCES.contains(parts[2]);
            }
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == start).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The machine an owner string names (its first part), or null for none or an older owner string without it. */
    static String machine(String owner) {
        if (owner == null) {
            return null;
        }
        String[] parts = owner.split(":");
        return parts.length == 4 ? parts[0] : null;
    }
}
