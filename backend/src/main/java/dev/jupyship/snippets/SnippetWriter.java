package dev.jupyship.snippets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.notebook.AtomicFiles;
import dev.jupyship.notebook.FileChangedException;
import dev.jupyship.notebook.FileVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A new snippet from notebook cells, written into the catalog's team folder in the snippet format:
 * front matter, each code cell a fenced python block with its tags, each markdown cell the prose
 * between them. The text is read back by the catalog's own parser and must give the same cells;
 * once written, the catalog must load it (its syntax checked as every snippet's is), else the file
 * is removed again. An existing file or id is never replaced.
 */
public final class SnippetWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final String FENCE = "```";

    /** What a person gives: the front matter's fields and the cells, code and markdown, in order. */
    public record Draft(String id, String title, String description, String category, List<String> tags, List<SnippetCell> cells) {
    }

    private SnippetWriter() {
    }

    /** Writes the draft as {@code <team folder>/<id>.md} and answers the snippet as the catalog now serves it. */
    public static Snippet write(SnippetCatalog catalog, Draft draft) throws IOException {
        Path folder = catalog.folders().stream().filter(f -> f.label().equals("team")).map(SnippetCatalog.Folder::path).findFirst()
                .orElseThrow(() -> new Conflict("no team snippet folder is set up, so the snippet has nowhere to go: start the sidecar"
                        + " with --team-snippets DIR (or JUPYSHIP_TEAM_SNIPPETS=DIR)"));
        String text = markdown(draft);
        Snippet existing = catalog.current().find(draft.id());
        if (existing != null) {
            throw new Conflict("a snippet '" + draft.id() + "' exists already (" + existing.source() + ", " + existing.file() + "): choose another id");
        }
        Path file = folder.resolve(draft.id() + ".md");
        Files.createDirectories(folder);
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), FileVersion.absent(file));
        } catch (FileChangedException taken) {
            throw new Conflict("the team folder has a file " + draft.id() + ".md already: choose another id");
        }
        catalog.refresh();
        Snippet written = catalog.current().find(draft.id());
        if (written == null || !written.file().endsWith(draft.id() + ".md")) {
            String why = catalog.current().problemOf(draft.id()).map(SnippetProblem::message).orElse("the catalog did not load it");
            Files.deleteIfExists(file);
            catalog.refresh();
            throw new BadInput("the snippet was not saved: " + why);
        }
        return written;
    }

    /** The draft in the snippet format, checked by reading it back. */
    static String markdown(Draft draft) {
        if (draft.id() == null || !FrontMatter.ID.matcher(draft.id()).matches()) {
            throw new BadInput("the id '" + draft.id() + "' must be lowercase words joined by '-', such as score-holdout");
        }
        if (draft.cells().isEmpty()) {
            throw new BadInput("select the cells to make the snippet from: none were given");
        }
        if (draft.cells().get(0).kind() != SnippetCell.Kind.CODE) {
            throw new BadInput("the first cell is markdown: a snippet starts with a code cell (markdown before it would be the snippet's"
                    + " notes, not a cell); leave it out or select from a code cell");
        }
        StringBuilder text = new StringBuilder("---\n");
        text.append("id: ").append(draft.id()).append('\n');
        text.append("title: ").append(quoted(draft.title())).append('\n');
        text.append("description: ").append(quoted(draft.description())).append('\n');
        text.append("tags: ").append(quoted(draft.tags())).append('\n');
        text.append("category: ").append(quoted(draft.category())).append('\n');
        text.append("version: \"1.0\"\n---\n");
        int number = 0;
        for (SnippetCell cell : draft.cells()) {
            number++;
            if (cell.source().contains(FENCE)) {
                throw new BadInput("cell " + number + " holds ``` which would end its block in the snippet file; change it or leave the cell out");
            }
            if (cell.kind() == SnippetCell.Kind.MARKDOWN) {
                text.append('\n').append(cell.source().strip()).append('\n');
                continue;
            }
            for (String tag : cell.tags()) {
                if (!TAG.matcher(tag).matches()) {
                    throw new BadInput("cell " + number + "'s tag '" + tag + "' cannot be written in a snippet (letters, digits, _ . : - only)");
                }
            }
            text.append('\n').append(FENCE).append("python").append(cell.tags().isEmpty() ? "" : " tags=" + String.join(",", cell.tags()))
                    .append('\n').append(cell.source().stripTrailing()).append('\n').append(FENCE).append('\n');
        }
        SnippetParser.Result read = SnippetParser.parse(text.toString(), draft.id() + ".md", "team");
        if (!read.ok()) {
            throw new BadInput("the snippet was not saved: " + read.problems().get(0).message());
        }
        List<SnippetCell> cells = read.snippet().insertedCells();
        for (int i = 0; i < Math.max(cells.size(), draft.cells().size()); i++) {
            if (i >= cells.size() || i >= draft.cells().size() || !same(cells.get(i), draft.cells().get(i))) {
                throw new BadInput("cell " + (i + 1) + " cannot be written in the snippet format without changing it; leave it out or simplify it");
            }
        }
        return text.toString();
    }

    private static boolean same(SnippetCell read, SnippetCell given) {
        return read.kind() == given.kind() && read.source().strip().equals(given.source().strip())
                && (given.kind() == SnippetCell.Kind.MARKDOWN || read.tags().equals(given.tags()));
    }

    /** A value as a JSON string or list, which YAML 1.2 reads as the same. */
    private static String quoted(Object value) {
        try {
            return JSON.writeValueAsString(value == null ? "" : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
