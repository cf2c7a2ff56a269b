package dev.jupyship.notebook;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file as it was read, for a write that must not overwrite a newer save: its bytes, modification
 * time and SHA-256 ({@code modified} and {@code sha256} are null when the file did not exist).
 */
public record FileVersion(Path file, byte[] bytes, FileTime modified, String sha256) {

    /** The file did not exist when looked at: a write must not replace one created since. */
    public static FileVersion absent(Path file) {
        return new FileVersion(file, null, null, null);
    }

    public boolean exists() {
        return bytes != null;
    }

    /** Whether {@code current} (read now) is this version: same modification time and same content. */
    boolean matches(FileVersion current) {
        if (!exists() || !current.exists()) {
            return exists() == current.exists();
        }
        return modified.equals(current.modified()) && sha256.equals(current.sha256());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
