package dev.jupyship.notebook;

import dev.jupyship.errors.BadInput;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Finds the notebooks a command names: files as given, folders searched (skipping checkpoints and hidden folders). */
public final class NotebookFiles {

    private NotebookFiles() {
    }

    public static boolean isNotebook(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(".ipynb");
    }

    /** The notebooks under a folder, sorted. */
    public static List<Path> under(Path folder) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(folder) && (name.startsWith(".") || name.equals("node_modules"));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && isNotebook(file)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    /** Checks a path names an existing notebook file, with a message that says what is wrong. */
    public static void requireNotebook(Path file) throws NoSuchFileException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new BadInput(file + " is a folder, not a notebook");
        }
    }
}
