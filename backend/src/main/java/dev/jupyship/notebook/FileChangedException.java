package dev.jupyship.notebook;

import dev.jupyship.errors.DomainError;
import java.nio.file.FileSystemException;

/**
 * A checked write found the file changed since it was read (a newer save, say): nothing was written,
 * as JupyterLab refuses to save over a file that changed on disk.
 */
public final class FileChangedException extends FileSystemException implements DomainError {

    public FileChangedException(String file, String what) {
        super(file, null, what + " since it was read, so it was not overwritten (a newer save is kept); run the command again");
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
