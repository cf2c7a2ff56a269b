package dev.jupyship.api;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Reads a request's body on the connection's IO thread, as it arrives, before any worker thread
 * is given to the request: a client that sends its body slowly, or not at all, holds a connection
 * and the bytes it sent, never a thread. The body must arrive within the body timeout (else the
 * connection is closed) and stay under the size limit (else 413, after draining a bounded amount
 * so the client reads the answer rather than a reset). The bytes held across all requests are
 * bounded too: past that, 503.
 */
final class BodyReader {

    /** What becomes of the body: the bytes, or an error to answer with. */
    interface Outcome {
        void body(byte[] bytes);

        void refused(ApiException error);
    }

    private final long maxBodyBytes;
    private final long timeoutMillis;
    private final long budgetBytes;
    private final AtomicLong held = new AtomicLong();
    private final Set<HttpServerExchange> incoming = ConcurrentHashMap.newKeySet();

    BodyReader(long maxBodyBytes, long timeoutMillis, long budgetBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.timeoutMillis = timeoutMillis;
        this.budgetBytes = budgetBytes;
    }

    /** Body bytes held in memory now, across requests. */
    long held() {
        return held.get();
    }

    /** Closes the connection of every request whose body is still coming. */
    void dropAll() {
        for (HttpServerExchange exchange : incoming) {
            exchange.getIoThread().execute(() -> IoUtils.safeClose(exchange.getConnection()));
        }
    }

    void read(HttpServerExchange exchange, Outcome outcome) {
        if (exchange.isRequestComplete()) {
            outcome.body(new byte[0]);
            return;
        }
        long declared = exchange.getRequestContentLength();
        Reading reading = new Reading(exchange, outcome, declared > maxBodyBytes);
        if (!reading.over && declared > 0 && !reading.reserve(declared)) {
            outcome.refused(busy());
            return;
        }
        if (!reading.over && declared > 0) {
            reading.bytes = new byte[(int) declared];
        }
        incoming.add(exchange);
        reading.deadline = exchange.getIoThread().executeAfter(() -> {
            // Not a 408: the client is still sending, and would not read it.
            reading.drop();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        exchange.addExchangeCompleteListener((done, next) -> {
            reading.settle();
            next.proceed();
        });
        exchange.getRequestReceiver().receivePartialBytes(reading::piece, (failed, error) -> {
            if (error instanceof RequestTooBigException) {
                reading.done();
                reading.settle();
                outcome.refused(tooLarge());
            } else {
                reading.drop();
            }
        });
    }

    private ApiException tooLarge() {
        return new ApiException(413, String.format("the request body is larger than the sidecar's limit of %d MB",
                maxBodyBytes / (1024 * 1024)));
    }

    private static ApiException busy() {
        return new ApiException(503, "the sidecar is receiving too many large requests at once; try again in a moment");
    }

    private final class Reading {
        private final HttpServerExchange exchange;
        private final Outcome outcome;
        private boolean over;
        private byte[] bytes = new byte[8192];
        private long seen;
        private long reserved;
        private XnioExecutor.Key deadline;

        Reading(HttpServerExchange exchange, Outcome outcome, boolean over) {
            this.exchange = exchange;
            this.outcome = outcome;
            this.over = over;
        }

        synchronized boolean reserve(long count) {
            if (held.addAndGet(count) > budgetBytes) {
                held.addAndGet(-count);
                return false;
            }
            reserved += count;
            return true;
        }

        void done() {
            deadline.remove();
            incoming.remove(exchange);
        }

        /** The client is too slow or gone: its connection closes and its bytes are let go. */
        void drop() {
            done();
            settle();
            IoUtils.safeClose(exchange.getConnection());
        }

        synchronized void settle() {
            held.addAndGet(-reserved);
            reserved = 0;
            bytes = null;
        }

        void piece(HttpServerExchange current, byte[] piece, boolean last) {
            long from = seen;
            seen += piece.length;
            if (!over && seen > maxBodyBytes) {
                over = true;
                settle();
            }
            if (!over) {
                if (seen > bytes.length) {
                    int size = (int) Math.min(maxBodyBytes, Math.max(seen, 2L * bytes.length));
                    if (size > reserved && !reserve(size - reserved)) {
                        // Too many bodies at once, and this one's length was not declared: nothing better than closing.
                        current.getRequestReceiver().pause();
                        drop();
                        return;
                    }
                    bytes = Arrays.copyOf(bytes, size);
                }
                System.arraycopy(piece, 0, bytes, (int) from, piece.length);
            }
            if (!last) {
                return;
            }
            done();
            if (over) {
                outcome.refused(tooLarge());
            } else {
                outcome.body(seen == bytes.length ? bytes : Arrays.copyOf(bytes, (int) seen));
            }
        }
    }
}
