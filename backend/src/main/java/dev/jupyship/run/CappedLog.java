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
 * (and dropping) past the cap so the process never blocks on a full pipe. Each stream may also be
 * copied into a {@link #combined combined} log that interleaves stdout and stderr as they arrive: the one
 * append-only log people follow while a run goes on.
 */
final class CappedLog {

    private CappedLog() {
    }

    /**
     * A file written up to a cap, then marked as cut; chunks are written whole, so two streams
     * appending to one file ({@link #combined}) interleave by chunk, never mid-chunk. Closed when
     * the last stream writing to it ends.
     */
    static final class Capped {
        private final OutputStream out;
        private final long cap;
        private long written;
        private boolean noted;
        private int writers;

        private Capped(Path file, long cap, int writers) throws IOException {
            this.out = Files.newOutputStream(file);
            this.cap = cap;
            this.writers = writers;
        }

        synchronized void append(byte[] data, int length) throws IOException {
            if (written < cap) {
                int keep = (int) Math.min(length, cap - written);
                out.write(data, 0, keep);
                written += keep;
                out.flush();
            } else if (!noted) {
                out.write(("\n[jupyship: log cut at " + cap + " bytes; the rest was dropped]\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                noted = true;
            }
        }

        synchronized void release() {
            if (--writers == 0) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // what was written stays
                }
            }
        }
    }

    /** One file that {@code writers} streams append to. */
    static Capped combined(Path file, long cap, int writers) throws IOException {
        return new Capped(file, cap, writers);
    }

    static Thread start(InputStream in, Path file, long cap, String name) throws IOException {
        return start(in, file, cap, name, null);
    }

    /** Copies the stream to its own capped file and, when given, to a combined one. */
    static Thread start(InputStream in, Path file, long cap, String name, Capped combined) throws IOException {
        Capped own = new Capped(file, cap, 1);
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (in) {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    own.append(buffer, read);
                    if (combined != null) {
                        combined.append(buffer, read);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed: what was written stays
            } finally {
                own.release();
                if (combined != null) {
                    combined.release();
                }
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
