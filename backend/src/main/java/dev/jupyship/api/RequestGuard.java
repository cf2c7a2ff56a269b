package dev.jupyship.api;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests that did not come from this pod's JupyterLab. The sidecar listens on loopback
 * only, but a web page in the user's browser can still reach loopback on a laptop.
 *
 * <ul>
 *   <li>With a token configured (the pod's set-up: jupyter-server-proxy adds it to every proxied
 *       request through {@code request_headers_override}), every route but health needs it.</li>
 *   <li>Without one (a laptop), the Host header must name loopback, which stops DNS rebinding.</li>
 *   <li>Always: state-changing methods need a JSON body or an XSRF header, which a cross-site
 *       form cannot send (jupyter-server-proxy skips Jupyter's own XSRF check).</li>
 * </ul>
 */
final class RequestGuard {

    static final String TOKEN_HEADER = "X-Jupyship-Token";
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final Set<HttpString> SAFE_METHODS = Set.of(Methods.GET, Methods.HEAD, Methods.OPTIONS);

    private RequestGuard() {
    }

    static void check(HttpServerExchange exchange, String token, boolean open) {
        if (token != null && !token.isEmpty()) {
            if (!open && !sameToken(token, exchange.getRequestHeaders().getFirst(TOKEN_HEADER))) {
                throw new ApiException(401, "missing or wrong " + TOKEN_HEADER + " header: reach the sidecar through JupyterLab's proxy");
            }
        } else {
            String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
            if (host != null && !LOOPBACK_HOSTS.contains(hostName(host))) {
                throw new ApiException(403, "requests must be addressed to the loopback interface, not Host: " + host
                        + " (set a sidecar token to serve through a proxy that keeps the Host header)");
            }
        }
        if (SAFE_METHODS.contains(exchange.getRequestMethod())) {
            return;
        }
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        boolean json = type != null && type.toLowerCase(Locale.ROOT).matches("application/([a-z.-]*\\+)?json(;.*)?");
        boolean xsrf = exchange.getRequestHeaders().contains("X-XSRFToken") || exchange.getRequestHeaders().contains("X-Jupyship-Client");
        if (!json && !xsrf) {
            throw new ApiException(403, "state-changing requests need a JSON body (Content-Type: application/json) or an X-XSRFToken header");
        }
    }

    private static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String hostName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 ? name.substring(0, end + 1) : name;
        }
        int colon = name.lastIndexOf(':');
        return colon > 0 ? name.substring(0, colon) : name;
    }
}
