package dev.jupyship.snippets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.commonmark.node.Block;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Reads one snippet file: YAML front matter between {@code ---} lines, then Markdown. Each fenced
 * {@code python} block becomes a code cell; prose before the first one is the snippet's notes
 * (shown in the preview), prose after it becomes markdown cells. Options after the language:
 * {@code tags=parameters,other} sets cell tags, {@code check-setup} marks code the quality gate runs
 * first but never inserts. Fences in other languages stay part of the prose.
 *
 * <p>Every problem names the file and line; a file with problems gives no snippet.
 */
public final class SnippetParser {

    /** A snippet, or the problems that kept the file from being one. */
    public record Result(Snippet snippet, List<SnippetProblem> problems) {
        public boolean ok() {
            return snippet != null;
        }
    }

    private static final Set<String> PYTHON = Set.of("python", "py", "python3", "ipython", "ipython3");
    private static final Parser MARKDOWN = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

    private SnippetParser() {
    }

    /** Reads a file; {@code file} is how messages name it, {@code source} the folder's label. */
    public static Result parse(Path path, String file, String source) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return failed(new SnippetProblem(file, 0, "cannot be read: " + e.getMessage()));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return failed(new SnippetProblem(file, 0, "is not UTF-8 text"));
        }
        return parse(text, file, source);
    }

    public static Result parse(String text, String file, String source) {
        List<SnippetProblem> problems = new ArrayList<>();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            return failed(new SnippetProblem(file, 1,
                    "a snippet file starts with front matter: a line '---', YAML (id, title, description, tags, category, version), and a line '---'"));
        }
        int close = -1;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.equals("---") || line.equals("...")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            return failed(new SnippetProblem(file, 1, "the front matter opened at line 1 is never closed by a line '---'"));
        }
        FrontMatter front = FrontMatter.read(String.join("\n", Arrays.asList(lines).subList(1, close)), 2, file, problems);

        int bodyStart = close + 1; // 0-based index of the body's first line in the file
        List<String> body = Arrays.asList(lines).subList(bodyStart, lines.length);
        Node document = MARKDOWN.parse(String.join("\n", body));
        List<SnippetCell> cells = new ArrayList<>();
        String notes = null;
        int proseFrom = -1;
        int proseTo = -1;
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            List<SourceSpan> spans = ((Block) node).getSourceSpans();
            int first = spans.isEmpty() ? 0 : spans.get(0).getLineIndex();
            int last = spans.isEmpty() ? first : spans.get(spans.size() - 1).getLineIndex();
            if (node instanceof FencedCodeBlock code && isPython(code.getInfo())) {
                if (proseFrom >= 0) {
                    String prose = String.join("\n", body.subList(proseFrom, proseTo + 1)).strip();
                    if (notes == null && cells.isEmpty()) {
                        notes = prose;
                    } else {
                        cells.add(new SnippetCell(SnippetCell.Kind.MARKDOWN, prose, List.of(), bodyStart + proseFrom + 1));
                    }
                    proseFrom = -1;
                }
                SnippetCell cell = codeCell(code, bodyStart + first + 1, file, problems);
                if (cell != null) {
                    cells.add(cell);
                }
            } else {
                if (proseFrom < 0) {
                    proseFrom = first;
                }
                proseTo = last;
            }
        }
        if (proseFrom >= 0) {
            String prose = String.join("\n", body.subList(proseFrom, proseTo + 1)).strip();
            if (cells.isEmpty()) {
                notes = prose;
            } else {
                cells.add(new SnippetCell(SnippetCell.Kind.MARKDOWN, prose, List.of(), bodyStart + proseFrom + 1));
            }
        }
        if (cells.stream().noneMatch(c -> c.kind() == SnippetCell.Kind.CODE) && problems.stream().noneMatch(p -> p.line() > bodyStart)) {
            problems.add(new SnippetProblem(file, Math.min(bodyStart + 1, lines.length),
                    "no ```python code block: a snippet needs at least one code cell"));
        }
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        Snippet snippet = new Snippet(front.text("id"), front.text("title"), front.text("description"),
                notes == null ? "" : notes, front.list("tags"), front.text("category"), front.text("version"),
                front.list("packages"), front.list("requires"), (Boolean) front.values.getOrDefault("runnable", Boolean.TRUE),
                cells, file, source, front.lines);
        return new Result(snippet, List.of());
    }

    private static boolean isPython(String info) {
        String language = info == null ? "" : info.strip().split("\\s+", 2)[0];
        return PYTHON.contains(language.toLowerCase(java.util.Locale.ROOT));
    }

    /** @param fenceLine the file line of the opening fence */
    private static SnippetCell codeCell(FencedCodeBlock code, int fenceLine, String file, List<SnippetProblem> problems) {
        if (code.getClosingFenceLength() == null) {
            problems.add(new SnippetProblem(file, fenceLine, "the code block opened here is never closed"));
            return null;
        }
        String[] words = code.getInfo().strip().split("\\s+");
        SnippetCell.Kind kind = SnippetCell.Kind.CODE;
        List<String> tags = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            if (word.equals("check-setup")) {
                kind = SnippetCell.Kind.CHECK_SETUP;
            } else if (word.startsWith("tags=") && word.length() > 5) {
                for (String tag : word.substring(5).split(",")) {
                    if (!tag.isBlank()) {
                        tags.add(tag.strip());
                    }
                }
            } else {
                problems.add(new SnippetProblem(file, fenceLine, "unknown code block option '" + word
                        + "' (known: tags=a,b and check-setup)"));
                return null;
            }
        }
        String source = code.getLiteral();
        if (source.endsWith("\n")) {
            source = source.substring(0, source.length() - 1);
        }
        if (source.isBlank()) {
            problems.add(new SnippetProblem(file, fenceLine, "empty code block"));
            return null;
        }
        return new SnippetCell(kind, source, kind == SnippetCell.Kind.CHECK_SETUP ? List.of() : tags, fenceLine + 1);
    }

    private static Result failed(SnippetProblem problem) {
        return new Result(null, List.of(problem));
    }
}
