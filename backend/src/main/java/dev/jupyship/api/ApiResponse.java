package dev.jupyship.api;

/**
 * What an endpoint answers: a JSON body (any value Jackson can write) or text with its media type.
 *
 * @param status      HTTP status
 * @param contentType media type of the body
 * @param body        an object to write as JSON, or a String for text
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
}
