package dev.jupyship.run;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folders of jupyship's installation beside its jar: {@code snippets/}, {@code image/} (the
 * serving package the interface test calls a model through).
 */
public final class Installation {

    private Installation() {
    }

    /**
     * {@code $JUPYSHIP_HOME/<name>}; else {@code <name>/} beside the jar's folder (an install with
     * {@code lib/jupyship.jar}) or two levels up (the jar built in {@code backend/target}); else
     * {@code <name>} in the current folder.
     */
    public static Path folder(String name) {
        String home = System.getenv("JUPYSHIP_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, name);
        }
        try {
            Path jar = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(name);
                if (Files.isDirectory(candidate) && dir.getNameCount() >= jar.getNameCount() - 3) {
                    return candidate;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not run from a file: fall through
        }
        return Path.of(name);
    }
}
