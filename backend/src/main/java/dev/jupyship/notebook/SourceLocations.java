package dev.jupyship.notebook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each line of each cell's source sits in the .ipynb file itself, so that tools which only
 * know files (SARIF viewers, code review) can point at the right line of the JSON. Jupyter writes
 * one source line per JSON line; a source written as one string maps all its lines to that string.
 */
public final class SourceLocations {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** For each cell: the 1-based file line of each source piece, and how many lines each piece spans. */
    private final List<int[]> pieceLines;
    private final List<String[]> pieces;

    private SourceLocations(List<int[]> pieceLines, List<String[]> pieces) {
        this.pieceLines = pieceLines;
        this.pieces = pieces;
    }

    /** Scans a notebook file that {@link Notebook#parse} accepted. */
    public static SourceLocations of(byte[] bytes) {
        List<int[]> lines = new ArrayList<>();
        List<String[]> pieces = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("cells") && parser.currentToken() == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        readCell(parser, lines, pieces);
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SourceLocations(lines, pieces);
    }

    private static void readCell(JsonParser parser, List<int[]> lines, List<String[]> pieces) throws IOException {
        int[] cellLines = new int[0];
        String[] cellPieces = new String[0];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("source") && value == JsonToken.VALUE_STRING) {
                cellLines = new int[] {parser.currentTokenLocation().getLineNr()};
                cellPieces = new String[] {parser.getText()};
            } else if (field.equals("source") && value == JsonToken.START_ARRAY) {
                List<Integer> at = new ArrayList<>();
                List<String> text = new ArrayList<>();
                while (parser.nextToken() == JsonToken.VALUE_STRING) {
                    at.add(parser.currentTokenLocation().getLineNr());
                    text.add(parser.getText());
                }
                cellLines = at.stream().mapToInt(Integer::intValue).toArray();
                cellPieces = text.toArray(String[]::new);
            } else {
                parser.skipChildren();
            }
        }
        lines.add(cellLines);
        pieces.add(cellPieces);
    }

    /** The 1-based line of the file that holds a cell's 1-based source line (the cell's first file line when out of range). */
    public int fileLine(int cell, int sourceLine) {
        if (cell < 0 || cell >= pieceLines.size() || pieceLines.get(cell).length == 0) {
            return 1;
        }
        int[] lines = pieceLines.get(cell);
        String[] text = pieces.get(cell);
        int line = 1;
        for (int i = 0; i < text.length; i++) {
            int newlines = (int) text[i].chars().filter(c -> c == '\n').count();
            if (sourceLine < line + Math.max(newlines, 1) || i == text.length - 1) {
                return lines[i];
            }
            line += newlines;
        }
        return lines[0];
    }
}
