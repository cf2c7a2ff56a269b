package dev.jupyship.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one list of hostile paths that the API's and the command line's tables both send: {@code ..},
 * absolute, encoded, double-encoded, backslash forms, NUL, control characters, symbolic links to files
 * and folders outside, very long names. Each says what kind of hostility it is, so that each table
 * states what its routes or commands answer to that kind.
 */
public final class HostilePaths {

    /** What makes a path hostile. */
    public enum Kind {
        /** Climbs out of the workspace with {@code ..}. */
        CLIMBS,
        /** An absolute path, outside the workspace. */
        ABSOLUTE,
        /** Percent-encoded: names no file once decoded the once HTTP decodes it. */
        ENCODED,
        /** A name {@code PathNames} refuses wherever it is: a backslash, a NUL, a control character, too long. */
        NAME,
        /** A symbolic link in the workspace (planted by {@link #plant}) to a file or folder outside it. */
        SYMLINK
    }

    /**
     * A hostile path.
     *
     * @param refusal for {@link Kind#NAME}, what the refusal says after the path, as it stands when the path is sent as it is
     * @param at      for a refused character, where it is (1-based) in the path as sent as it is; 0 otherwise
     */
    public record Hostile(String label, String value, Kind kind, String refusal, int at) {

        /** What the refusal says when the path is sent behind a prefix of {@code shift} characters (an absolute form of it). */
        public String refusal(int shift) {
            return at == 0 ? refusal : refusal.replace("at character " + at + ";", "at character " + (at + shift) + ";");
        }
    }

    /** How every refusal of a character ends. */
    public static final String NAMES = "; names with a backslash, a NUL or a control character are refused (folders are separated by /)";
    /** A workspace file whose name, read with \ as a separator, is outside/secret.ipynb beside the workspace. */
    public static final String BACKSLASH_NAME = "..\\outside\\secret.ipynb";

    private HostilePaths() {
    }

    private static Hostile refused(String label, String value, String character, int at) {
        return new Hostile(label, value, Kind.NAME, "holds " + character + " at character " + at + NAMES, at);
    }

    /** Every hostile path, for a workspace beside {@code outside} (an {@link OutsideWorld}'s). */
    public static List<Hostile> all(Path outside) {
        String backslash = "a backslash (\\)";
        return List.of(
                new Hostile("..", "../outside/secret.ipynb", Kind.CLIMBS, null, 0),
                new Hostile(".. past a folder", "sub/../../outside/secret.ipynb", Kind.CLIMBS, null, 0),
                new Hostile(".. past a file", "ok.ipynb/../../outside/secret.ipynb", Kind.CLIMBS, null, 0),
                new Hostile("absolute, outside", outside.resolve("secret.ipynb").toString(), Kind.ABSOLUTE, null, 0),
                new Hostile("absolute, system", "/etc/passwd", Kind.ABSOLUTE, null, 0),
                new Hostile("encoded (once decoded)", "%2e%2e%2foutside%2fsecret.ipynb", Kind.ENCODED, null, 0),
                new Hostile("double-encoded", "%252e%252e%252foutside%252fsecret.ipynb", Kind.ENCODED, null, 0),
                refused("backslash, a workspace file of that name", BACKSLASH_NAME, backslash, 3),
                refused("backslash, a text file", "..\\outside\\notes.txt", backslash, 3),
                refused("backslash to /etc/passwd", "..\\..\\..\\..\\..\\..\\etc\\passwd", backslash, 3),
                refused("backslash and slash", "sub\\..\\..\\outside/secret.ipynb", backslash, 4),
                refused("NUL", "ok.ipynb\u0000../outside/secret.ipynb", "a NUL character (U+0000)", 9),
                refused("newline", "ok\n.ipynb", "a control character (U+000A)", 3),
                refused("terminal escape", "\u001b[2Jok.ipynb", "a control character (U+001B)", 1),
                refused("DEL", "ok\u007f.ipynb", "a control character (U+007F)", 3),
                refused("C1 control", "ok\u0085.ipynb", "a control character (U+0085)", 3),
                new Hostile("symlink to a file outside", "link.ipynb", Kind.SYMLINK, null, 0),
                new Hostile("symlink to a folder outside", "linkdir/secret.ipynb", Kind.SYMLINK, null, 0),
                new Hostile("new file in a linked folder", "linkdir/new.ipynb", Kind.SYMLINK, null, 0),
                new Hostile("dangling symlink", "dangling.ipynb", Kind.SYMLINK, null, 0),
                new Hostile("very long name", "n".repeat(300) + ".ipynb", Kind.NAME, "has a name longer than 255 bytes", 0),
                new Hostile("very long path", "d/".repeat(2100) + "x.ipynb", Kind.NAME, "is longer than 4096 characters", 0));
    }

    /**
     * What the list's paths meet in the workspace: a notebook literally named {@link #BACKSLASH_NAME}, and
     * links {@code link.ipynb}, {@code linkdir} and {@code dangling.ipynb} to what lies outside.
     */
    public static void plant(OutsideWorld world) throws IOException {
        Path workspace = world.workspace();
        Files.write(workspace.resolve(BACKSLASH_NAME), Notebooks.bytes("code", "inside = 2"));
        Files.createSymbolicLink(workspace.resolve("link.ipynb"), world.outside().resolve("secret.ipynb"));
        Files.createSymbolicLink(workspace.resolve("linkdir"), world.outside().resolve("folder"));
        Files.createSymbolicLink(workspace.resolve("dangling.ipynb"), world.outside().resolve("missing.ipynb"));
    }
}
