package dev.jupyship.review;

import dev.jupyship.errors.BadInput;
import dev.jupyship.export.ExportOptions;
import dev.jupyship.export.PercentExporter;
import dev.jupyship.notebook.Notebook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * The review diff of a notebook between two revisions: a unified diff of its py:percent exports,
 * which reviewers read as plain code, and a {@link ChangeSummary} of what the export leaves out.
 *
 * @param path     the notebook's path in the repository
 * @param from     the older revision, as asked for
 * @param to       the newer revision, as asked for
 * @param diff     unified diff text (empty when the exports are equal)
 * @param summary  changes the .py does not show
 */
public record ReviewDiff(String path, String from, String to, String diff, ChangeSummary summary) {

    private static final int CONTEXT_LINES = 3;

    /** The {@code to} of a diff against a notebook sent by an editor rather than read from a revision. */
    public static final String EDITOR = "EDITOR";

    /** Diffs {@code path} (a repository path) between two revisions of {@code history}. */
    public static ReviewDiff between(NotebookHistory history, String path, String from, String to) throws IOException {
        return diff(history, path, from, history.read(path, to), to, NotebookHistory.label(to));
    }

    /** Diffs {@code path} at {@code from} against a notebook's bytes as an editor has them, saved or not. */
    public static ReviewDiff against(NotebookHistory history, String path, String from, byte[] edited) throws IOException {
        if (edited.length == 0) {
            throw new BadInput("send the notebook as the request body: it is what " + path + " is diffed against");
        }
        return diff(history, path, from, edited, EDITOR, "editor");
    }

    private static ReviewDiff diff(NotebookHistory history, String path, String from, byte[] after, String to, String toLabel)
            throws IOException {
        byte[] before = history.read(path, from);
        if (before == null && after == null) {
            throw new NoSuchFileException(path, null, "not in " + NotebookHistory.label(from)
                    + " nor in " + NotebookHistory.label(to));
        }
        Notebook old = before == null ? null : Notebook.parse(before, path + " (" + NotebookHistory.label(from) + ")");
        Notebook now = after == null ? null : Notebook.parse(after, path + " (" + toLabel + ")");
        String pyPath = path.endsWith(".ipynb") ? path.substring(0, path.length() - 6) + ".py" : path + ".py";
        String diff = unified(pyPath, export(old), export(now), old == null, now == null);
        return new ReviewDiff(path, from, to, diff, ChangeSummary.between(old, now));
    }

    private static String export(Notebook notebook) {
        return notebook == null ? "" : PercentExporter.export(notebook, ExportOptions.DEFAULT);
    }

    /** A git-style unified diff of two texts; empty when they are equal. */
    static String unified(String path, String before, String after, boolean added, boolean deleted) throws IOException {
        RawText a = new RawText(before.getBytes(StandardCharsets.UTF_8));
        RawText b = new RawText(after.getBytes(StandardCharsets.UTF_8));
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, a, b);
        if (edits.isEmpty()) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--- " + (added ? "/dev/null" : "a/" + path) + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("+++ " + (deleted ? "/dev/null" : "b/" + path) + "\n").getBytes(StandardCharsets.UTF_8));
        try (DiffFormatter formatter = new DiffFormatter(out)) {
            formatter.setContext(CONTEXT_LINES);
            formatter.format(edits, a, b);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The diff and the summary as people read them in a terminal. */
    public String toText() {
        StringBuilder text = new StringBuilder(diff);
        if (!summary.isEmpty()) {
            text.append(diff.isEmpty() ? "" : "\n").append("Not shown in the .py diff:\n");
            summary.notes().forEach(note -> text.append("  ").append(note).append('\n'));
        }
        if (text.length() == 0) {
            text.append("No changes in ").append(path).append(" between ").append(NotebookHistory.label(from))
                    .append(" and ").append(NotebookHistory.label(to)).append('\n');
        }
        return text.toString();
    }
}
