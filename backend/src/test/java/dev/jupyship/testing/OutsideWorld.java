package dev.jupyship.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What lies beside a workspace and must never be read or written through it: {@code outside/} with a
 * notebook, a folder holding one, and a text file whose first token is the sentinel (the one a JSON
 * error would echo). Every file carries {@link #SENTINEL}, so an answer that shows it read outside.
 * {@link #snapshot} lists everything under the base folder but the workspace, to compare before and after.
 */
public final class OutsideWorld {

    /** One word, so that a parser's "unrecognized token" message would echo all of it. */
    public static final String SENTINEL = "outsideSentinel7f3a";

    private final Path base;
    private final Path workspace;
    private final Path outside;

    private OutsideWorld(Path base, Path workspace, Path outside) {
        this.base = base;
        this.workspace = workspace;
        this.outside = outside;
    }

    /** {@code base/outside/...} and an empty {@code base/<workspaceName>}. */
    public static OutsideWorld create(Path base, String workspaceName) throws IOException {
        Path real = base.toRealPath();
        Path outside = Files.createDirectories(real.resolve("outside/folder"));
        Files.write(real.resolve("outside/secret.ipynb"), Notebooks.bytes("code", SENTINEL + " = 1"));
        Files.write(real.resolve("outside/folder/secret.ipynb"), Notebooks.bytes("code", SENTINEL + " = 2"));
        Files.writeString(real.resolve("outside/notes.txt"), SENTINEL + " root:x:0:0\n", StandardCharsets.UTF_8);
        return new OutsideWorld(real, Files.createDirectories(real.resolve(workspaceName)), outside.getParent());
    }

    public Path workspace() {
        return workspace;
    }

    public Path outside() {
        return outside;
    }

    /** Every file and folder under the base but the workspace, with each file's size and content hash. */
    public Map<String, String> snapshot() throws Exception {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path path : (Iterable<Path>) walk.filter(p -> !p.startsWith(workspace))::iterator) {
                String kind = Files.isSymbolicLink(path) ? "link " + Files.readSymbolicLink(path)
                        : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "folder"
                        : "file " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
                entries.put(base.relativize(path).toString(), kind);
            }
        }
        return entries;
    }
}
