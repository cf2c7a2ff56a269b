package dev.jupyship.testing;

import dev.jupyship.server.SidecarServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A request to a sidecar as the extension makes it: a JSON body, or none with the XSRF header a body-less POST or DELETE needs. */
public final class SidecarHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SidecarHttp() {
    }

    public static HttpResponse<String> send(SidecarServer server, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.header("X-XSRFToken", "x").method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
