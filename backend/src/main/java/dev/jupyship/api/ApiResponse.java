package dev.jupyship.api;

/**
 * What an endpoint answers: a JSON body (any value Jackson can write), text with its media type, or
 * a {@link Feed} sent as it grows (chunked), for logs people follow.
 *
 * @param status      HTTP status
 * @param contentType media type of the body
 * @param body        an object to write as JSON, a String for text, or a {@link Feed}
 */
public record ApiResponse(int status, String contentType, Object body) {

    public static ApiResponse json(Object body) {
        return new ApiResponse(200, "application/json", body);
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, "application/json", body);
    }

    public static ApiResponse text(String contentType, String text) {
        return new ApiResponse(200, contentType + "; charset=utf-8", text);
    }

    public static ApiResponse feed(String contentType, Feed body) {
        return new ApiResponse(200, contentType + "; charset=utf-8", body);
    }

    /**
     * A body sent as it grows, asked for what is new a few times a second. No thread waits on it in
     * between, and it stops when the client goes away or the sidecar stops ({@link FeedStreams}).
     */
    @FunctionalInterface
    public interface Feed {
        /** What is new since the last call (no bytes: nothing yet); {@code last} ends the body. */
        Piece next() throws java.io.IOException;
    }

    public record Piece(byte[] bytes, boolean last) {
    }
}
