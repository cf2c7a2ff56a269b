package dev.jupyship.notebook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way jupyship writes a file: whole or not at all (a temporary file beside it, then put in
 * place), keeping the mode of the file it replaces (a new file gets the umask's mode, as any program's
 * would), and writing through a symbolic link whose target is inside the same boundary (the git
 * work tree, else the link's folder), refusing one that points outside.
 *
 * <p>A checked write ({@code expected} given) never loses a newer save: the file is moved aside,
 * compared with what was read (modification time and content), and the new content is linked in only
 * if the name is still free; otherwise the file is put back and {@link FileChangedException} is thrown.
 * The name is briefly absent while this happens, never half-written.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Reads a file with its version, for a later checked write. */
    public static FileVersion read(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        return new FileVersion(file, bytes, modified);
    }

    /** {@link #read}, or the version of an absent file. */
    public static FileVersion readIfExists(Path file) throws IOException {
        try {
            return read(file);
        } catch (NoSuchFileException e) {
            return FileVersion.absent(file);
        }
    }

    /** Writes {@code target}, replacing whatever is there (reports, files the user names as output). */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, null);
    }

    /** Writes {@code target} only if it is still {@code expected} (null: whatever it is). */
    public static void write(Path target, byte[] bytes, FileVersion expected) throws IOException {
        write(target, bytes, expected, boundaryOf(target));
    }

    /** Writes {@code target}; a symbolic link there is written through only when its target is inside {@code boundary}. */
    public static void write(Path target, byte[] bytes, FileVersion expected, Path boundary) throws IOException {
        Path file = throughLink(target.toAbsolutePath(), boundary);
        Path folder = file.getParent();
        requireFolderInside(file, boundary);
        Files.createDirectories(folder);
        Set<PosixFilePermission> mode = modeOf(file);
        Path temporary = createTemporary(file, bytes, mode);
        try {
            if (expected == null) {
                moveReplacing(temporary, file);
            } else {
                commitChecked(temporary, file, expected);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The folder a symbolic link may point into: the git work tree holding the file, else its folder.
     * Found from the path with its {@code ..} taken out, so that {@code repo/../elsewhere/f} is in {@code elsewhere}.
     */
    public static Path boundaryOf(Path file) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        for (Path at = folder; at != null; at = at.getParent()) {
            if (Files.exists(at.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                return at;
            }
        }
        return folder;
    }

    private static Path throughLink(Path file, Path boundary) throws IOException {
        if (!Files.isSymbolicLink(file)) {
            return file;
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new AccessDeniedException(file.toString(), null, "is a symbolic link to a missing file; not written");
        }
        Path inside = boundary.toAbsolutePath().toRealPath();
        if (!real.startsWith(inside)) {
            throw new AccessDeniedException(file.toString(), null,
                    "is a symbolic link to " + real + ", outside " + boundary + "; not written through it");
        }
        return real;
    }

    /**
     * Refuses a file whose folder (or the nearest one of its folders that exists, which the write
     * would create the rest under) lies in {@code boundary} by name but, through a linked folder,
     * elsewhere: a link to a folder is written through on the same terms as a link to a file.
     */
    private static void requireFolderInside(Path file, Path boundary) throws IOException {
        Path limit = boundary.toAbsolutePath().normalize();
        Path existing = file.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.normalize().startsWith(limit)) {
            return;  // nothing of the boundary exists yet to be linked elsewhere
        }
        Path real = existing.toRealPath();
        if (!real.startsWith(limit.toRealPath())) {
            throw new AccessDeniedException(file.toString(), null,
                    "is in a linked folder, " + real + ", outside " + boundary + "; not written through it");
        }
    }

    private static Set<PosixFilePermission> modeOf(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** A new file beside {@code file} holding {@code bytes}, flushed to disk; a failure names {@code file}. */
    private static Path createTemporary(Path file, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        // CREATE_NEW without attributes: the umask decides the mode, as for any new file
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
            if (mode != null) {
                Files.setPosixFilePermissions(temporary, mode);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            // the user knows the file, not the temporary name
            String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
            throw e instanceof AccessDeniedException ? new AccessDeniedException(file.toString(), null, reason)
                    : new FileSystemException(file.toString(), null, reason);
        }
        return temporary;
    }

    private static void moveReplacing(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void commitChecked(Path temporary, Path file, FileVersion expected) throws IOException {
        String name = expected.file().toString();
        if (!expected.exists()) {
            if (!linkIfAbsent(file, temporary)) {
                throw new FileChangedException(name, "was created");
            }
            return;
        }
        Path aside = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".replaced");
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            throw new FileChangedException(name, "was deleted");
        }
        boolean committed = false;
        try {
            // Aside, the file can no longer change under a save by name; a saver that had it open changed it already.
            if (!expected.matches(read(aside))) {
                throw new FileChangedException(name, "changed on disk");
            }
            if (!linkIfAbsent(file, temporary)) {
                throw new FileChangedException(name, "was saved again");
            }
            committed = true;
        } finally {
            if (!committed) {
                linkIfAbsent(file, aside); // put it back unless a newer save took the name
            }
            Files.deleteIfExists(aside);
        }
    }

    /** Gives {@code existing}'s content the name {@code file} unless that name is taken (atomically, by a hard link). */
    private static boolean linkIfAbsent(Path file, Path existing) throws IOException {
        try {
            Files.createLink(file, existing);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileSystemException fs && !"Operation not permitted".equals(fs.getReason())) {
                throw fs;
            }
            // no hard links here: a move that refuses to replace (checked, then renamed) is the nearest
            try {
                Files.move(existing, file);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        }
    }
}
