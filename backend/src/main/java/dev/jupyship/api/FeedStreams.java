package dev.jupyship.api;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

/**
 * Sends {@link ApiResponse.Feed} bodies (followed logs) without a thread per stream: two shared
 * threads ask each feed for what is new a few times a second, and the connection's IO thread writes
 * it without blocking, one piece at a time (a client that stops reading holds one piece, never
 * more). A client that hangs up is noticed at once, even when the log is silent: the connection is
 * watched for its end. {@link #close()} ends every stream, for a stop that does not wait on them.
 */
public final class FeedStreams implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FeedStreams.class.getName());
    /** How often a feed is asked for more. */
    static final long POLL_MILLIS = 250;

    private final ScheduledThreadPoolExecutor poller;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final int max;
    private volatile boolean closed;

    public FeedStreams(int max) {
        this.max = max;
        AtomicInteger count = new AtomicInteger();
        this.poller = new ScheduledThreadPoolExecutor(2, work -> {
            Thread thread = new Thread(work, "jupyship-follow-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        poller.setRemoveOnCancelPolicy(true);
    }

    /** Streams being sent now. */
    public int open() {
        return open.size();
    }

    /**
     * Starts sending a feed as the answer to the exchange (its status and headers already set), or
     * answers false when as many are followed as allowed. Called on the request's worker thread.
     */
    boolean start(HttpServerExchange exchange, ApiResponse.Feed feed) {
        Stream stream = new Stream(exchange, feed);
        synchronized (open) {
            if (closed || open.size() >= max) {
                return false;
            }
            open.add(stream);
        }
        // The connection ends with the stream, so whatever the client sends after it can only mean it left.
        exchange.setPersistent(false);
        // Chunked even so: its last chunk tells a client that the log ended, not the connection broke.
        exchange.getResponseHeaders().put(Headers.TRANSFER_ENCODING, Headers.CHUNKED.toString());
        exchange.dispatch(exchange.getIoThread(), stream::begin);
        return true;
    }

    @Override
    public void close() {
        synchronized (open) {
            closed = true;
        }
        for (Stream stream : open) {
            stream.exchange.getIoThread().execute(stream::finish);
        }
        poller.shutdownNow();
    }

    private final class Stream implements Runnable {

        private final HttpServerExchange exchange;
        private final ApiResponse.Feed feed;
        /** A piece is being read or written: the next tick waits for it. */
        private final AtomicBoolean busy = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile ScheduledFuture<?> ticks;

        Stream(HttpServerExchange exchange, ApiResponse.Feed feed) {
            this.exchange = exchange;
            this.feed = feed;
        }

        /** On the IO thread: watch for the client leaving, then ask the feed on the poller's threads. */
        void begin() {
            exchange.getConnection().addCloseListener(connection -> end(false));
            if (exchange.getConnection() instanceof AbstractServerConnection connection) {
                StreamSourceChannel source = connection.getChannel().getSourceChannel();
                source.getReadSetter().set(channel -> {
                    ByteBuffer discard = ByteBuffer.allocate(256);
                    try {
                        int read;
                        while ((read = channel.read(discard)) > 0) {
                            discard.clear();
                        }
                        if (read < 0) {
                            end(true);
                        }
                    } catch (IOException gone) {
                        end(true);
                    }
                });
                source.resumeReads();
            }
            try {
                ticks = poller.scheduleWithFixedDelay(this, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                finish();
                return;
            }
            if (ended.get()) {
                ticks.cancel(false);
            }
        }

        /** On a poller thread: what is new, handed to the IO thread to write. */
        @Override
        public void run() {
            if (ended.get() || !busy.compareAndSet(false, true)) {
                return;
            }
            ApiResponse.Piece piece;
            try {
                piece = feed.next();
            } catch (Exception | LinkageError failed) {
                // The status went out long ago: all that can be said now is that the body ends early.
                LOG.log(Level.WARNING, "a followed log could not be read", failed);
                exchange.getIoThread().execute(() -> end(true));
                return;
            }
            if (piece.bytes().length == 0 && !piece.last()) {
                busy.set(false);
                return;
            }
            exchange.getIoThread().execute(() -> write(piece));
        }

        private void write(ApiResponse.Piece piece) {
            if (ended.get()) {
                return;
            }
            if (piece.bytes().length == 0) {
                finish();
                return;
            }
            exchange.getResponseSender().send(ByteBuffer.wrap(piece.bytes()), new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange done, Sender sender) {
                    if (piece.last()) {
                        finish();
                    } else {
                        busy.set(false);
                    }
                }

                @Override
                public void onException(HttpServerExchange failed, Sender sender, IOException error) {
                    end(true);
                }
            });
        }

        /** On the IO thread: the body is complete (the run ended, or the sidecar stops). */
        void finish() {
            if (stop()) {
                exchange.endExchange();
            }
        }

        /** The client is gone, or the connection was closed under the stream. */
        private void end(boolean close) {
            if (stop() && close) {
                IoUtils.safeClose(exchange.getConnection());
            }
        }

        private boolean stop() {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            ScheduledFuture<?> scheduled = ticks;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            open.remove(this);
            return true;
        }
    }
}
