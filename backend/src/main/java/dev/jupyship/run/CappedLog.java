package dev.jupyship.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The capped logs of a run, read back: the run's guard ({@code run_guard.py}) writes papermill's
 * stdout and stderr each up to a cap, then a note that the rest was dropped, and both interleaved
 * into the combined log people follow. Whoever shows a log shows its end, cut at a whole character.
 */
public final class CappedLog {

    private CappedLog() {
    }

    /** The last {@code maxBytes} of a file as text; empty when there is no such file or it cannot be read. */
    public static String tail(Path file, int maxBytes) {
        if (file == null || !Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - maxBytes);
            byte[] data = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(data);
            return fromWholeCharacter(data, start > 0);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@code maxBytes} of a text, in UTF-8. */
    public static String tail(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        return fromWholeCharacter(Arrays.copyOfRange(bytes, bytes.length - maxBytes, bytes.length), true);
    }

    /** The bytes as text; when they were cut from a longer text, from the first whole character, not the middle of one. */
    private static String fromWholeCharacter(byte[] bytes, boolean cut) {
        int start = 0;
        while (cut && start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
            start++;
        }
        return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    }
}
