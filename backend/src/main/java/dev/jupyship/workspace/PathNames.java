package dev.jupyship.workspace;

import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Refused;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for path names, in the API, the CLI and what is read from git trees. No name may hold
 * a backslash (another tool, or the repository-path conversion, would read it as a separator), a NUL
 * or a control character, or be longer than the file system allows; a repository or workspace path
 * has one canonical form, {@code a/b.ipynb}: relative, {@code /}-separated, no {@code .},
 * {@code ..} or empty names. Refusals are {@link dev.jupyship.errors.BadInput}s that name the character and
 * echo the path only in printable form (a path that climbs out is {@link dev.jupyship.errors.Refused}).
 */
public final class PathNames {

    /** The longest name most Linux file systems take, in bytes. */
    public static final int MAX_NAME_BYTES = 255;
    /** The longest path the kernel takes ({@code PATH_MAX}). */
    public static final int MAX_PATH_CHARS = 4096;

    private PathNames() {
    }

    /** Refuses a path that holds a backslash, a NUL or a control character, or a name or path too long. */
    public static String check(String path) {
        for (int i = 0; i < path.length(); i++) {
            String character = forbidden(path.charAt(i));
            if (character != null) {
                throw new BadInput("the path '" + printable(path) + "' holds " + character + " at character " + (i + 1)
                        + "; names with a backslash, a NUL or a control character are refused (folders are separated by /)");
            }
        }
        if (path.length() > MAX_PATH_CHARS) {
            throw new BadInput("the path '" + printable(path) + "' is longer than " + MAX_PATH_CHARS + " characters");
        }
        for (String name : path.split("/")) {
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new BadInput("the path '" + printable(path) + "' has a name longer than " + MAX_NAME_BYTES + " bytes");
            }
        }
        return path;
    }

    /**
     * The canonical form of a relative path ({@code ./a//b.ipynb} → {@code a/b.ipynb}); refuses an
     * absolute path and one whose {@code ..} climbs out of where it starts.
     */
    public static String canonical(String path) {
        if (path == null || path.isBlank()) {
            throw new BadInput("missing path: give a path relative to the workspace");
        }
        check(path);
        if (path.startsWith("/")) {
            throw new BadInput("the path '" + printable(path) + "' is absolute; give it relative to the workspace");
        }
        List<String> names = new ArrayList<>();
        for (String name : path.split("/")) {
            if (name.equals("..")) {
                if (names.isEmpty()) {
                    throw new Refused("'" + printable(path) + "' is outside the workspace; only files under the workspace folder can be used");
                }
                names.remove(names.size() - 1);
            } else if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new BadInput("the path '" + printable(path) + "' names no file");
        }
        return String.join("/", names);
    }

    /**
     * A path already in canonical form, as read from a git tree or index: refused, naming it, when it is not
     * (a backslash, a control character, {@code ..}).
     */
    public static String requireCanonical(String repositoryPath) {
        String canonical = canonical(repositoryPath);
        if (!canonical.equals(repositoryPath)) {
            throw new BadInput("the repository path '" + printable(repositoryPath) + "' is not in canonical form (" + canonical + ")");
        }
        return canonical;
    }

    /** A relative file system path in canonical form, each name checked: how repository paths are built. */
    public static String join(Path relative) {
        List<String> names = new ArrayList<>();
        relative.forEach(name -> names.add(name.toString()));
        return requireCanonical(String.join("/", names));
    }

    /** The path with every control character shown as {@code \}{@code uXXXX}, and cut when very long, for messages. */
    public static String printable(String path) {
        StringBuilder shown = new StringBuilder();
        int limit = Math.min(path.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = path.charAt(i);
            shown.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return path.length() > limit ? shown + "…(" + path.length() + " characters)" : shown.toString();
    }

    private static String forbidden(char c) {
        if (c == '\\') {
            return "a backslash (\\)";
        }
        if (c == 0) {
            return "a NUL character (U+0000)";
        }
        return Character.isISOControl(c) ? String.format("a control character (U+%04X)", (int) c) : null;
    }
}
