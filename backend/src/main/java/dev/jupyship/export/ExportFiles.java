package dev.jupyship.export;

import dev.jupyship.notebook.AtomicFiles;
import dev.jupyship.notebook.FileVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes export files safely: never a half-written file, never over a file a person wrote (only over
 * an earlier export), and never over one that changed since it was judged (see {@link AtomicFiles}).
 */
public final class ExportFiles {

    private ExportFiles() {
    }

    /**
     * True when {@code text} looks like a py:percent export (with or without the YAML header), so
     * replacing it loses nothing a person wrote by hand outside the notebook.
     */
    public static boolean isExport(String text) {
        if (text.startsWith("# ---\n")) {
            int end = text.indexOf("\n# ---\n", 5);
            return end > 0 && text.substring(0, end).contains("\n#       format_name: percent\n");
        }
        return text.isEmpty() || text.startsWith("# %%");
    }

    /**
     * Writes {@code text} to {@code target} unless an existing file there is not an export.
     *
     * @return true when the file was created or its content changed
     */
    public static boolean write(Path target, String text, boolean force) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        FileVersion existing = AtomicFiles.readIfExists(target);
        if (existing.exists()) {
            if (Arrays.equals(existing.bytes(), bytes)) {
                return false;
            }
            if (!force && !isExport(new String(existing.bytes(), StandardCharsets.UTF_8))) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "exists and is not a notebook export, so it is left alone; move it away or pass --force to replace it");
            }
        }
        // checked: what replaces it is what was judged an export (or found absent) above
        AtomicFiles.write(target, bytes, existing);
        return true;
    }
}
