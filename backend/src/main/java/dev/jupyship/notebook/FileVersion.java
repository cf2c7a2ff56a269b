package dev.jupyship.notebook;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;

/**
 * A file as it was read, for a write that must not overwrite a newer save: its bytes and modification
 * time ({@code bytes} and {@code modified} are null when the file did not exist).
 */
public record FileVersion(Path file, byte[] bytes, FileTime modified) {

    /** The file did not exist when looked at: a write must not replace one created since. */
    public static FileVersion absent(Path file) {
        return new FileVersion(file, null, null);
    }

    public boolean exists() {
        return bytes != null;
    }

    /** Whether {@code current} (read now) is this version: same modification time and same content. */
    boolean matches(FileVersion current) {
        if (!exists() || !current.exists()) {
            return exists() == current.exists();
        }
        // The bytes themselves, not a digest of them: they are held anyway, and a digest at every
        // read cost lint and export about a tenth of their time.
        return modified.equals(current.modified()) && Arrays.equals(bytes, current.bytes());
    }
}
