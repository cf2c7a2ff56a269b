package dev.jupyship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.contract.Contract;
import dev.jupyship.contract.ParameterType;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Versioned data snapshots (docs/contract.md, "Data snapshots"). A contract's {@code snapshot}
 * parameter names a store folder, its root, whose {@code snapshots/<version>/} folders each hold one
 * immutable version of a dataset, complete once its {@value #MARKER} is written (last, by the
 * {@code write-snapshot} snippet). A deploy asks for {@code latest} (the greatest version name: names
 * sort by time) or a version; the run receives the snapshot's folder and records which version it
 * read with a fingerprint of its content. A rerun reads the same version, and refuses when its
 * content changed since: it would no longer train on the same data.
 */
final class DataSnapshots {

    static final String SNAPSHOTS = "snapshots/";
    static final String MARKER = "_snapshot.json";
    static final String LATEST = "latest";
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** The parameters the notebook receives (snapshot versions as folders) and the snapshots they name. */
    record Resolved(Map<String, Object> parameters, Map<String, SnapshotUse> uses) {
    }

    private final ArtifactStore store;

    DataSnapshots(ArtifactStore store) {
        this.store = store;
    }

    /**
     * Resolves the contract's snapshot parameters: the value given, else the contract's default. A
     * parameter with neither keeps the notebook's own value, which names no snapshot of the store.
     */
    Resolved resolve(Contract contract, Map<String, Object> given) throws IOException {
        Map<String, Object> parameters = new LinkedHashMap<>(given);
        Map<String, SnapshotUse> uses = new LinkedHashMap<>();
        if (contract == null) {
            return new Resolved(parameters, uses);
        }
        for (Contract.Parameter parameter : contract.parameters().values()) {
            if (parameter.type() != ParameterType.SNAPSHOT) {
                continue;
            }
            Object asked = given.containsKey(parameter.name()) ? given.get(parameter.name()) : parameter.hasDefault() ? parameter.defaultValue() : null;
            if (asked == null) {
                continue;
            }
            SnapshotUse use = use(parameter.name(), parameter.snapshotRoot(), String.valueOf(asked));
            if (parameter.snapshotChecks() != null) {
                use = use.withValidated(validate(parameter.name(), use, parameter.snapshotChecks()));
            }
            uses.put(parameter.name(), use);
            parameters.put(parameter.name(), use.location());
        }
        return new Resolved(parameters, uses);
    }

    /** Refuses a rerun whose snapshots' content changed since the run it repeats read them. */
    void requireUnchanged(RunManifest run) throws IOException {
        if (run.snapshots() == null) {
            return;
        }
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, SnapshotUse> entry : run.snapshots().entrySet()) {
            SnapshotUse then = entry.getValue();
            String where = then.root() + "/" + SNAPSHOTS + then.version();
            if (!store.exists(where + "/" + MARKER)) {
                changed.add(entry.getKey() + ": snapshot " + then.version() + " of " + then.root() + " is gone");
                continue;
            }
            SnapshotUse now = measure(then.root(), then.version(), then.asked());
            if (!now.fingerprint().equals(then.fingerprint())) {
                changed.add(entry.getKey() + ": snapshot " + then.version() + " of " + then.root() + " changed since run " + run.id()
                        + " read it (" + size(then) + " then, " + size(now) + " now)");
            }
        }
        if (!changed.isEmpty()) {
            throw new Conflict(String.join("; ", changed) + ". A rerun trains on the data its run read: deploy anew to train on the snapshot as it is now");
        }
    }

    private static String size(SnapshotUse use) {
        return use.objects() + (use.objects() == 1 ? " object, " : " objects, ") + use.bytes() + " bytes";
    }

    private SnapshotUse use(String name, String root, String asked) throws IOException {
        String version;
        if (asked.equals(LATEST)) {
            version = versions(root).stream().reduce((a, b) -> ArtifactStore.ORDER.compare(a, b) >= 0 ? a : b)
                    .orElseThrow(() -> new BadInput(name + ": there is no snapshot in " + store.location(root + "/" + SNAPSHOTS + MARKER)
                            .replace("/" + MARKER, "/") + " yet; write one with the write-snapshot snippet"));
        } else {
            if (!VERSION.matcher(asked).matches()) {
                throw new BadInput(name + ": '" + asked + "' is not a snapshot version (letters, digits, '.', '_' and '-') nor 'latest'");
            }
            version = asked;
            if (!store.exists(root + "/" + SNAPSHOTS + version + "/" + MARKER)) {
                List<String> known = new ArrayList<>(versions(root));
                String hint = known.isEmpty() ? "there are none yet" : "its versions: " + String.join(", ", known.subList(Math.max(0, known.size() - 5), known.size()));
                throw new BadInput(name + ": no complete snapshot '" + version + "' in " + root + " (" + hint + ")");
            }
        }
        return measure(root, version, asked);
    }

    /** The contract's checks on the snapshot, against the profiles its marker and the previous version's record. */
    private List<String> validate(String name, SnapshotUse use, Contract.SnapshotChecks checks) throws IOException {
        String previous = versions(use.root()).lower(use.version());
        JsonNode marker = marker(use.root(), use.version());
        return SnapshotValidation.check(name, use.root(), use.version(), checks, marker, previous,
                previous == null ? null : marker(use.root(), previous));
    }

    private JsonNode marker(String root, String version) throws IOException {
        String key = root + "/" + SNAPSHOTS + version + "/" + MARKER;
        try {
            return RunHistory.JSON.readTree(store.read(key));
        } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
            throw new BadInput("snapshot " + version + " of " + root + ": its " + MARKER + " is not JSON ("
                    + unreadable.getOriginalMessage() + "); the write-snapshot snippet writes it");
        }
    }

    /** The versions of a root that are complete (their marker written), sorted. */
    private TreeSet<String> versions(String root) throws IOException {
        String prefix = root + "/" + SNAPSHOTS;
        TreeSet<String> versions = new TreeSet<>(ArtifactStore.ORDER);
        for (String key : store.list(prefix)) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals(MARKER)) {
                versions.add(rest.substring(0, slash));
            }
        }
        return versions;
    }

    private SnapshotUse measure(String root, String version, String asked) throws IOException {
        String folder = root + "/" + SNAPSHOTS + version;
        MessageDigest sha = sha256();
        int objects = 0;
        long bytes = 0;
        for (String key : store.list(folder + "/")) {
            ArtifactStore.ObjectInfo info = store.stat(key).orElse(null);
            if (info == null) {
                continue; // deleted while listed: not part of the snapshot as read now
            }
            objects++;
            bytes += info.size();
            sha.update((key.substring(folder.length() + 1) + "\t" + info.size() + "\t" + info.checksum() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new SnapshotUse(root, version, asked, folderLocation(folder), objects, bytes, "sha256-" + HexFormat.of().formatHex(sha.digest()));
    }

    /** A local store's folder as a path (what open() and pandas take), a bucket's as its URI. */
    private String folderLocation(String folder) {
        String location = store.location(folder);
        return location.startsWith("file:") ? Path.of(URI.create(location)).toString() : location;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
