package dev.jupyship.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies a process's output stream to a file, keeping at most {@code cap} bytes, and keeps reading
 * (and dropping) past the cap so the process never blocks on a full pipe.
 */
final class CappedLog {

    private CappedLog() {
    }

    static Thread start(InputStream in, Path file, long cap, String name) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            long written = 0;
            boolean noted = false;
            try (in; out) {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    if (written < cap) {
                        int keep = (int) Math.min(read, cap - written);
                        out.write(buffer, 0, keep);
                        written += keep;
                    } else if (!noted) {
                        out.write(("\n[jupyship: log cut at " + cap + " bytes; the rest was dropped]\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        noted = true;
                    }
                }
            } catch (IOException ignored) {
                // the process was killed: what was written stays
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
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
