package dev.jupyship.hook;

import dev.jupyship.export.ExportFiles;
import dev.jupyship.export.ExportOptions;
import dev.jupyship.export.ExportPaths;
import dev.jupyship.export.PercentExporter;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.NotebookFormatException;
import dev.jupyship.review.NotebookHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;

/**
 * The pre-commit hook's work: for every notebook staged for the commit, write the .py export of
 * its <em>staged</em> content (not of the working copy, which may hold unstaged edits) into the
 * working tree and the index, so the commit carries both. A staged notebook that cannot be read
 * blocks the commit with a message naming it; a deleted notebook takes its export with it.
 */
public final class StagedExports {

    /** What the hook did, for its report. */
    public record Result(List<String> written, List<String> removed, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final NotebookHistory history;
    private final ExportPaths paths;
    private final ExportOptions options;

    public StagedExports(NotebookHistory history, ExportPaths paths, ExportOptions options) {
        this.history = history;
        this.paths = paths;
        this.options = options;
    }

    public Result run() throws IOException {
        Repository repository = history.repository();
        List<String> written = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        DirCache index = repository.lockDirCache();
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            DirCacheEditor editor = index.editor();
            boolean changed = false;
            for (StagedNotebooks.Staged staged : StagedNotebooks.list(repository, index)) {
                String exportPath = paths.exportPathFor(staged.path());
                Path exportFile = history.workTree().resolve(exportPath);
                if (staged.blob() == null) {
                    if (isOurExport(exportFile)) {
                        Files.delete(exportFile);
                        editor.add(new DirCacheEditor.DeletePath(exportPath));
                        removed.add(exportPath);
                        changed = true;
                    }
                    continue;
                }
                String text;
                try {
                    byte[] bytes = repository.open(staged.blob()).getBytes();
                    text = PercentExporter.export(Notebook.parseWithoutOutputs(bytes, staged.path()), options);
                } catch (NotebookFormatException e) {
                    errors.add(e.getMessage());
                    continue;
                }
                try {
                    ExportFiles.write(exportFile, text, false);
                } catch (FileAlreadyExistsException e) {
                    errors.add(exportPath + " " + e.getReason() + " (it would hold the export of " + staged.path() + ")");
                    continue;
                }
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, bytes);
                DirCacheEntry existing = index.getEntry(exportPath);
                if (existing == null || !existing.getObjectId().equals(blob)) {
                    long modified = Files.getLastModifiedTime(exportFile).toMillis();
                    editor.add(new DirCacheEditor.PathEdit(exportPath) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                            entry.setObjectId(blob);
                            entry.setLength(bytes.length);
                            entry.setLastModified(Instant.ofEpochMilli(modified));
                        }
                    });
                    written.add(exportPath);
                    changed = true;
                }
            }
            if (changed && errors.isEmpty()) {
                inserter.flush();
                editor.finish();
                index.write();
                index.commit();
            }
        } finally {
            index.unlock();
        }
        return new Result(written, removed, errors);
    }

    private static boolean isOurExport(Path file) throws IOException {
        return Files.isRegularFile(file) && ExportFiles.isExport(Files.readString(file, StandardCharsets.UTF_8));
    }
}
