package dev.jupyship.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The capped logs of a run, read back: the run's guard ({@code run_guard.py}) writes papermill's
 * stdout and stderr each up to a cap, then a note that the rest was dropped, and both interleaved
 * into the combined log people follow.
 */
final class CappedLog {

    private CappedLog() {
    }

    /** The last {@code bytes} of a file as text, for messages. */
    static String tail(Path file, int bytes) {
        if (file == null || !Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - bytes);
            byte[] data = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(data);
            return new String(data, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
