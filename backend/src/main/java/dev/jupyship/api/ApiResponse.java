package dev.jupyship.api;

/**
 * What an endpoint answers: a JSON body (any value Jackson can write), text with its media type, or
 * a {@link Stream} written as it is produced (chunked), for logs people follow.
 *
 * @param status      HTTP status
 * @param contentType media type of the body
 * @param body        an object to write as JSON, a String for text, or a {@link Stream}
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

    public static ApiResponse stream(String contentType, Stream body) {
        return new ApiResponse(200, contentType + "; charset=utf-8", body);
    }

    /** A body written piece by piece on the request's worker thread; flush to send what is written. */
    @FunctionalInterface
    public interface Stream {
        void writeTo(java.io.OutputStream out) throws java.io.IOException, InterruptedException;
    }
}
