package dev.jupyship.deploy.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default store: a folder ({@code <workspace>/.jupyship}), one file per key. A put writes a
 * temporary file in {@value #INCOMING} (same file system) and renames it into place, so a
 * reader never sees half a file; {@value #INCOMING} is never listed.
 */
public final class LocalArtifactStore implements ArtifactStore {

    static final String INCOMING = ".incoming";
    /** Held, in {@value #INCOMING}, by a conditional put: every process on the machine takes the same file lock. */
    private static final String COMPARE_AND_SET_LOCK = "compare-and-set.lock";
    /** A file lock is the process's, not a thread's: threads of this JVM queue on one monitor per store folder first. */
    private static final ConcurrentHashMap<Path, Object> IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private final Path root;

    public LocalArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    private Path file(String key) {
        ArtifactStore.checkKey(key);
        if (key.equals(INCOMING) || key.startsWith(INCOMING + "/")) {
            throw new IllegalArgumentException("bad store key '" + key + "': " + INCOMING + " is the store's own");
        }
        return root.resolve(key);
    }

    @Override
    public void put(String key, InputStream data) throws IOException {
        Path target = file(key);
        Path incoming = Files.createDirectories(root.resolve(INCOMING));
        Path temp = incoming.resolve(UUID.randomUUID() + ".part");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                data.transferTo(out);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(key, null, "no such key in the store at " + root);
        }
        return Files.newInputStream(file);
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(file(key));
    }

    @Override
    public Optional<Versioned> readVersioned(String key) throws IOException {
        try {
            byte[] data = Files.readAllBytes(file(key));
            return Optional.of(new Versioned(data, version(data)));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    /** Hashes by file, kept while the file's size, modification time and inode stay the same: a snapshot is hashed once. */
    private final java.util.Map<Path, Object[]> checksums = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Path, Object[]> eldest) {
            return size() > 4096;
        }
    });

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Path file = file(key);
        java.nio.file.attribute.BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        // A put renames a new file into place: a new file key (inode) even within one tick of the clock.
        Object stamp = java.util.Arrays.asList(attributes.lastModifiedTime(), attributes.fileKey());
        Object[] known = checksums.get(file);
        if (known != null && known[0].equals(attributes.size()) && known[1].equals(stamp)) {
            return Optional.of(new ObjectInfo(attributes.size(), (String) known[2]));
        }
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        String checksum = "sha256-" + HexFormat.of().formatHex(sha.digest());
        checksums.put(file, new Object[] {attributes.size(), stamp, checksum});
        return Optional.of(new ObjectInfo(attributes.size(), checksum));
    }

    /** The version is the content's hash: an unchanged value is the same version, which a pointer's own sequence number makes unique. */
    @Override
    public Optional<String> putIfVersion(String key, byte[] data, String expectedVersion) throws IOException {
        Path target = file(key);
        synchronized (IN_THIS_PROCESS.computeIfAbsent(root, folder -> new Object())) {
            Path lockFile = Files.createDirectories(root.resolve(INCOMING)).resolve(COMPARE_AND_SET_LOCK);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = channel.lock()) {
                String current = Files.isRegularFile(target) ? version(Files.readAllBytes(target)) : null;
                if (!Objects.equals(current, expectedVersion)) {
                    return Optional.empty();
                }
                put(key, data);
                return Optional.of(version(data));
            }
        }
    }

    private static String version(byte[] data) {
        return "sha256-" + HexFormat.of().formatHex(sha256().digest(data));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * Walks the folder the prefix names and answers the page: a local store is one user's, so walking
     * a folder per page costs what reading a directory costs, not a request per page.
     */
    @Override
    public KeyPage list(String prefix, int pageSize, String after) throws IOException {
        ArtifactStore.checkPageSize(pageSize);
        int slash = prefix.lastIndexOf('/');
        String folderKey = slash < 0 ? "" : prefix.substring(0, slash);
        Path folder = folderKey.isEmpty() ? root : file(folderKey);
        List<String> keys = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            collect(folder, folderKey.isEmpty() ? "" : folderKey + "/", prefix, keys);
        }
        List<String> page = keys.stream().filter(key -> after == null || ORDER.compare(key, after) > 0).sorted(ORDER).toList();
        if (page.size() <= pageSize) {
            return new KeyPage(page, null);
        }
        return new KeyPage(page.subList(0, pageSize), page.get(pageSize - 1));
    }

    private void collect(Path folder, String keyPrefix, String wanted, List<String> keys) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (keyPrefix.isEmpty() && name.equals(INCOMING)) {
                    continue;
                }
                String key = keyPrefix + name;
                if (Files.isDirectory(entry)) {
                    String asFolder = key + "/";
                    if (asFolder.startsWith(wanted) || wanted.startsWith(asFolder)) {
                        collect(entry, asFolder, wanted, keys);
                    }
                } else if (key.startsWith(wanted)) {
                    keys.add(key);
                }
            }
        } catch (NoSuchFileException deletedMeanwhile) {
            // a folder removed while listing has no keys
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = file(key);
        Files.deleteIfExists(file);
        // Empty folders are no keys: remove them up to the root.
        for (Path folder = file.getParent(); folder != null && !folder.equals(root); folder = folder.getParent()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                if (entries.iterator().hasNext()) {
                    break;
                }
            } catch (NoSuchFileException gone) {
                continue;
            }
            try {
                Files.deleteIfExists(folder);
            } catch (IOException notEmptyAnymore) {
                break;
            }
        }
    }

    @Override
    public String location(String key) {
        return file(key).toUri().toString();
    }

    @Override
    public String rootLocation() {
        return root.toUri().toString().replaceAll("/$", "");
    }
}
