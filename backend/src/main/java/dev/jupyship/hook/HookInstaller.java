package dev.jupyship.hook;

import dev.jupyship.notebook.AtomicFiles;
import dev.jupyship.notebook.FileVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;

/**
 * Installs the git pre-commit hook: a two-line shell script that runs this jar's {@code hook run}.
 * It honours {@code core.hooksPath}, replaces an earlier jupyship hook, and never overwrites a hook
 * someone else wrote.
 */
public final class HookInstaller {

    static final String MARKER = "# jupyship pre-commit hook";

    private HookInstaller() {
    }

    /**
     * Writes the hook.
     *
     * @param command the command line the hook runs (java, the jar, {@code hook run} and its options;
     *                or the jupyship launcher, {@code hook run} and its options)
     * @param jar     for a launcher, the jar it starts when no sidecar takes the hook (null: its own)
     * @return the hook file
     */
    public static Path install(Repository repository, List<String> command, Path jar) throws IOException {
        Path hooks = hooksDirectory(repository);
        Path hook = hooks.resolve("pre-commit");
        FileVersion existing = AtomicFiles.readIfExists(hook);
        if (existing.exists() && !new String(existing.bytes(), StandardCharsets.UTF_8).contains(MARKER)) {
            throw new FileAlreadyExistsException(hook.toString(), null,
                    "a pre-commit hook that jupyship did not write is already there and was left alone; add this line to it:\n  "
                            + commandLine(command));
        }
        String script = "#!/bin/sh\n" + MARKER + " (written by `jupyship hook install`; rerun that to update it).\n"
                + "# Lints every staged notebook, then writes and stages its .py review export.\n"
                + (jar == null ? "" : "[ -n \"${JUPYSHIP_JAR:-}\" ] || JUPYSHIP_JAR=" + shellQuote(jar.toString()) + "; export JUPYSHIP_JAR\n")
                + classDataArchive(command)
                + "exec " + commandLine(command).replace(" -jar ", " $cds -jar ") + "\n";
        AtomicFiles.write(hook, script.getBytes(StandardCharsets.UTF_8), existing, repository.getWorkTree().toPath());
        Path written = hook.toRealPath();
        try {
            Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(written));
            mode.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(written, mode);
        } catch (UnsupportedOperationException e) {
            written.toFile().setExecutable(true);
        }
        return hook;
    }

    /**
     * For a jar launch: the first commit records a class-data archive of the classes the hook loads
     * (keyed by the jar's time and size, so a new jar gets a new one), and later commits start from
     * it, which takes about a fifth off the JVM's start.
     */
    private static String classDataArchive(List<String> command) {
        int jar = command.indexOf("-jar");
        if (jar < 0) {
            return "cds=\n";
        }
        return "jar=" + shellQuote(command.get(jar + 1)) + "\n"
                + "key=$(stat -c %Y-%s \"$jar\" 2>/dev/null || stat -f %m-%z \"$jar\" 2>/dev/null)\n"
                + "archive=\"${XDG_CACHE_HOME:-$HOME/.cache}/jupyship/hook-$key.jsa\"\n"
                + "if [ -f \"$archive\" ]; then cds=\"-XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off\"\n"
                + "elif [ -n \"$key\" ] && mkdir -p \"${archive%/*}\" 2>/dev/null; then\n"
                + "  rm -f \"${archive%/*}\"/hook-*.jsa  # archives of earlier jars\n"
                + "  cds=\"-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off\"\n"
                + "else cds=; fi\n";
    }

    static Path hooksDirectory(Repository repository) {
        String configured = repository.getConfig().getString("core", null, "hooksPath");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return path.isAbsolute() ? path : repository.getWorkTree().toPath().resolve(path);
        }
        return repository.getDirectory().toPath().resolve("hooks");
    }

    private static String commandLine(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            line.append(line.length() == 0 ? "" : " ").append(shellQuote(word));
        }
        return line.toString();
    }

    static String shellQuote(String word) {
        if (word.matches("[A-Za-z0-9_./:=@%+-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
