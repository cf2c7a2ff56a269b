package dev.jupyship.snippets;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the platform's snippets are when no folder is named. */
public final class SnippetFolders {

    private SnippetFolders() {
    }

    /**
     * {@code $JUPYSHIP_HOME/snippets}; else {@code snippets/} beside the jar's folder (an install
     * with {@code lib/jupyship.jar}) or two levels up (the jar built in {@code backend/target});
     * else {@code snippets} in the current folder.
     */
    public static Path defaultPlatform() {
        String home = System.getenv("JUPYSHIP_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "snippets");
        }
        try {
            Path jar = Path.of(SnippetFolders.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("snippets");
                if (Files.isDirectory(candidate) && dir.getNameCount() >= jar.getNameCount() - 3) {
                    return candidate;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not run from a file: fall through
        }
        return Path.of("snippets");
    }
}
