package dev.jupyship.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What papermill's output notebook says about each cell, read with a streaming parser that skips
 * outputs: a cell that printed 100 MB costs the sidecar a scan of the file, never the memory.
 * The file may be mid-write (papermill saves after each cell): a truncated file throws.
 */
public final class ExecutedNotebook {

    static final String PAPERMILL_ERROR_TAG = "papermill-error-cell-tag";
    static final String INJECTED_TAG = "injected-parameters";
    private static final int MAX_SOURCE_CHARS = 20_000;
    private static final int MAX_TRACEBACK_LINES = 200;
    private static final int MAX_TRACEBACK_LINE_CHARS = 2_000;
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE / 2).maxNestingDepth(500).build())
            .build();

    /**
     * One cell as papermill left it.
     *
     * @param status    papermill's {@code pending}, {@code running}, {@code completed} or {@code failed}, or null
     * @param started   whether papermill recorded a start time (the cell began executing)
     * @param exception papermill marked the cell as the one that raised
     * @param source    the source, when details were asked for
     * @param error     the cell's error output, when details were asked for and it has one
     */
    public record CellState(int index, String type, List<String> tags, String status, boolean started, boolean exception,
                            String source, ErrorOutput error) {
        public boolean isCode() {
            return "code".equals(type);
        }

        /** Cells papermill adds to the notebook it was given: the error banners and the injected parameters. */
        public boolean addedByPapermill() {
            return tags.contains(PAPERMILL_ERROR_TAG) || tags.contains(INJECTED_TAG);
        }
    }

    public record ErrorOutput(String ename, String evalue, List<String> traceback) {
    }

    /**
     * Progress: the 1-based position, among the notebook's own code cells (not the parameters cell
     * papermill injects), of the cell running (or last started), and their count.
     */
    public record Progress(int cell, int total) {
    }

    private ExecutedNotebook() {
    }

    public static List<CellState> scan(Path file, boolean details) throws IOException {
        List<CellState> cells = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + " is not a notebook");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("cells".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        cells.add(cell(parser, cells.size(), details));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return cells;
    }

    public static Progress progress(List<CellState> cells) {
        int total = 0;
        int started = 0;
        int running = 0;
        for (CellState cell : cells) {
            if (!cell.isCode() || cell.addedByPapermill()) {
                continue;
            }
            total++;
            if (cell.started()) {
                started = total;
            }
            if ("running".equals(cell.status()) && running == 0) {
                running = total;
            }
        }
        return new Progress(running > 0 ? running : started, total);
    }

    /** The cell papermill marked as raising (or that holds an error output), or null; indexes as in the notebook given. */
    public static CellFailure failedCell(List<CellState> cells, boolean sourceHadInjectedCell) {
        if (cells == null) {
            return null;
        }
        for (CellState cell : cells) {
            if (cell.isCode() && (cell.exception() || "failed".equals(cell.status()) || cell.error() != null)) {
                ErrorOutput error = cell.error();
                return new CellFailure(sourceIndex(cells, cell.index(), sourceHadInjectedCell), cell.source(),
                        error == null ? null : error.ename(), error == null ? null : error.evalue(),
                        error == null ? List.of() : error.traceback());
            }
        }
        return null;
    }

    /** The last code cell that started (what ran when the kernel or its pod died), without an exception; or null. */
    public static CellFailure lastStarted(List<CellState> cells, boolean sourceHadInjectedCell) {
        if (cells == null) {
            return null;
        }
        CellState last = null;
        for (CellState cell : cells) {
            if (cell.isCode() && cell.started()) {
                last = cell;
            }
        }
        return last == null ? null
                : new CellFailure(sourceIndex(cells, last.index(), sourceHadInjectedCell), last.source(), null, null, List.of());
    }

    /** Whether a notebook already has papermill's injected-parameters cell (papermill then replaces it in place). */
    public static boolean hasInjectedCell(List<CellState> cells) {
        return cells.stream().anyMatch(cell -> cell.tags().contains(INJECTED_TAG));
    }

    /** The index of an executed-notebook cell in the notebook papermill was given. */
    static int sourceIndex(List<CellState> executed, int index, boolean sourceHadInjectedCell) {
        int added = 0;
        for (int i = 0; i < index && i < executed.size(); i++) {
            CellState cell = executed.get(i);
            if (cell.tags().contains(PAPERMILL_ERROR_TAG) || (cell.tags().contains(INJECTED_TAG) && !sourceHadInjectedCell)) {
                added++;
            }
        }
        return index - added;
    }

    static String stripAnsi(String text) {
        return ANSI.matcher(text).replaceAll("");
    }

    private static CellState cell(JsonParser parser, int index, boolean details) throws IOException {
        String type = null;
        List<String> tags = List.of();
        String status = null;
        boolean started = false;
        boolean exception = false;
        String source = null;
        ErrorOutput error = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "cell_type" -> type = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "source" -> {
                    if (details) {
                        source = text(parser, MAX_SOURCE_CHARS);
                    } else {
                        parser.skipChildren();
                    }
                }
                case "metadata" -> {
                    if (value != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        break;
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String key = parser.currentName();
                        JsonToken inner = parser.nextToken();
                        if ("tags".equals(key) && inner == JsonToken.START_ARRAY) {
                            tags = strings(parser, 100, Integer.MAX_VALUE);
                        } else if ("papermill".equals(key) && inner == JsonToken.START_OBJECT) {
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                String name = parser.currentName();
                                JsonToken v = parser.nextToken();
                                switch (name) {
                                    case "status" -> status = v == JsonToken.VALUE_STRING ? parser.getText() : null;
                                    case "start_time" -> started = v == JsonToken.VALUE_STRING;
                                    case "exception" -> exception = v == JsonToken.VALUE_TRUE;
                                    default -> parser.skipChildren();
                                }
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
                case "outputs" -> {
                    if (!details || value != JsonToken.START_ARRAY) {
                        parser.skipChildren();
                        break;
                    }
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        ErrorOutput output = output(parser);
                        if (output != null && error == null) {
                            error = output;
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new CellState(index, type, tags, status, started, exception, source, error);
    }

    /** Reads one output object; returns it when it is an error, skipping every other field unread. */
    private static ErrorOutput output(JsonParser parser) throws IOException {
        String outputType = null;
        String ename = null;
        String evalue = null;
        List<String> traceback = List.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "output_type" -> outputType = parser.getText();
                case "ename" -> ename = value == JsonToken.VALUE_STRING ? cut(parser.getText(), MAX_TRACEBACK_LINE_CHARS) : null;
                case "evalue" -> evalue = value == JsonToken.VALUE_STRING ? cut(stripAnsi(parser.getText()), MAX_TRACEBACK_LINE_CHARS) : null;
                case "traceback" -> traceback = value == JsonToken.START_ARRAY ? strings(parser, MAX_TRACEBACK_LINES, MAX_TRACEBACK_LINE_CHARS) : List.of();
                default -> parser.skipChildren();
            }
        }
        if (!"error".equals(outputType)) {
            return null;
        }
        List<String> clean = new ArrayList<>();
        for (String line : traceback) {
            clean.add(stripAnsi(line));
        }
        return new ErrorOutput(ename, evalue, clean);
    }

    /** A string, or a list of strings joined; at most {@code max} characters. */
    private static String text(JsonParser parser, int max) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return cut(parser.getText(), max);
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        StringBuilder text = new StringBuilder();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.VALUE_STRING && text.length() < max) {
                text.append(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return cut(text.toString(), max);
    }

    private static List<String> strings(JsonParser parser, int maxItems, int maxChars) throws IOException {
        List<String> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.VALUE_STRING && items.size() < maxItems) {
                items.add(cut(parser.getText(), maxChars));
            } else {
                parser.skipChildren();
            }
        }
        return items;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "… [cut at " + max + " characters]";
    }
}
