package dev.jupyship.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The faster string skip against Jackson's own, on the same bytes: every outcome (the tokens after
 * the skipped strings, or the error, its message and its place) must be the same.
 */
class StringSkippingJsonFactoryTest {

    private static final JsonFactory JACKSON = new JsonFactory();
    private static final JsonFactory SKIPPING = new StringSkippingJsonFactory(new JsonFactoryBuilder());

    /** Pieces of string content, valid and not, that the skip must treat as Jackson does. */
    private static final String[] PIECES = {
        "a", "iVBORw0KGgoAAAANSUhEUgAA", "0123456789+/=", " ", "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\r", "\\b", "\\f",
        "\\u001b[0;31m", "\\u00e9", "\\uD83D\\uDE00", "\\u12", "\\u12G4", "\\x", "\\'", "\\", "é", "日本語", "😀",
        "\u0001", "\t", "\n", "\u007f", "\"",
    };

    @Test
    void skipsWhatJacksonSkipsAndFailsWhereJacksonFails() throws IOException {
        Random random = new Random(20261207);
        int compared = 0;
        int failures = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder content = new StringBuilder();
            for (int pieces = random.nextInt(12); pieces > 0; pieces--) {
                content.append(PIECES[random.nextInt(PIECES.length)]);
            }
            byte[] bytes = document(content.toString());
            String expected = outcome(JACKSON, bytes);
            assertEquals(expected, outcome(SKIPPING, bytes), () -> "for " + new String(bytes, StandardCharsets.UTF_8));
            compared++;
            failures += expected.startsWith("error") ? 1 : 0;
        }
        assertTrue(failures > 1_000 && compared - failures > 1_000, failures + " of " + compared + " failed");
    }

    @Test
    void malformedBytesAreReportedAsJacksonReportsThem() throws IOException {
        List<byte[]> contents = List.of(
                new byte[] {(byte) 0xC3}, // a lead byte and then the quote
                new byte[] {(byte) 0xE6, (byte) 0x97}, // cut short
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
                new byte[] {(byte) 0xC0, (byte) 0xAF}, // overlong
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0x80}, // continuation bytes with no lead: only the word's high-bit test stops at them
                new byte[] {(byte) 0x9F},
                new byte[] {0});
        for (byte[] content : contents) {
            for (int padding = 0; padding < 10; padding++) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                text.writeBytes("{\"outputs\": [\"".getBytes(StandardCharsets.UTF_8));
                text.writeBytes("x".repeat(padding).getBytes(StandardCharsets.UTF_8));
                text.writeBytes(content);
                text.writeBytes("\"], \"after\": 1}".getBytes(StandardCharsets.UTF_8));
                byte[] bytes = text.toByteArray();
                String expected = outcome(JACKSON, bytes);
                assertTrue(expected.startsWith("error"), expected);
                assertEquals(expected, outcome(SKIPPING, bytes));
            }
        }
    }

    @Test
    void aTextCutAnywhereEndsAsJacksonEndsIt() throws IOException {
        byte[] whole = document("iVBORw0KGgoAAAANSUhEUgAA\\n0123456789abcdef\\u001b[0m tail");
        for (int length = 1; length < whole.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(whole, length);
            assertEquals(outcome(JACKSON, cut), outcome(SKIPPING, cut), "cut at " + length);
        }
    }

    @Test
    void onlyPlainUtf8ObjectsGetTheFasterParser() throws IOException {
        assertTrue(SKIPPING.createParser("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)) instanceof StringSkippingJsonFactory.Parser);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        assertFalse(SKIPPING.createParser(bom) instanceof StringSkippingJsonFactory.Parser);
        byte[] utf16 = "{\"a\": \"é\"}".getBytes(StandardCharsets.UTF_16LE);
        assertFalse(SKIPPING.createParser(utf16) instanceof StringSkippingJsonFactory.Parser);
        assertEquals(outcome(JACKSON, utf16), outcome(SKIPPING, utf16));
        assertFalse(SKIPPING.createParser("[1]".getBytes(StandardCharsets.UTF_8)) instanceof StringSkippingJsonFactory.Parser);
    }

    /** A notebook-like object whose skipped array holds strings made of {@code content}. */
    private static byte[] document(String content) {
        return ("{\"outputs\": [\"" + content + "\", {\"text\": \"" + content + content + "\"}, \"" + content + "\"], \"after\": [\"a\", 2]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** What a reader that skips every array sees: the tokens it reads, or the error and its place. */
    private static String outcome(JsonFactory factory, byte[] bytes) throws IOException {
        StringBuilder seen = new StringBuilder();
        try (JsonParser parser = factory.createParser(bytes)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                seen.append(token).append(' ');
                if (token == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    seen.append("skipped to ").append(parser.currentLocation().getByteOffset()).append(' ');
                } else if (token == JsonToken.FIELD_NAME) {
                    seen.append(parser.currentName()).append(' ');
                }
            }
            return seen.toString();
        } catch (JsonProcessingException e) {
            return "error after " + seen + ": " + e.getOriginalMessage() + " at " + e.getLocation().getLineNr() + ":"
                    + e.getLocation().getColumnNr() + " (byte " + e.getLocation().getByteOffset() + ")";
        }
    }
}
