package dev.jupyship.snippets;

import dev.jupyship.run.Installation;
import java.nio.file.Path;

/** Where the platform's snippets are when no folder is named. */
public final class SnippetFolders {

    private SnippetFolders() {
    }

    /** {@code snippets/} of the installation ({@link Installation#folder}). */
    public static Path defaultPlatform() {
        return Installation.folder("snippets");
    }
}
