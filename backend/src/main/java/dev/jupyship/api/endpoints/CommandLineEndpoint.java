package dev.jupyship.api.endpoints;

import dev.jupyship.api.ApiException;
import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.CommandLineHandoff;
import dev.jupyship.api.Endpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /api/cli}: a command line the {@code jupyship} launcher hands to the running sidecar
 * ({@link CommandLineHandoff}). The body is the caller's folder and the arguments, each ended by a
 * NUL (no argument can hold one); the secret of the sidecar's runtime file comes in
 * {@code X-Jupyship-Handoff}. The answer, for a shell to take apart with {@code head} and {@code tail}:
 * a first line {@code <exit code> <stdout bytes>}, then stdout, then stderr. 421 when the sidecar
 * does not run this command line (a path outside its workspace): the launcher then runs it itself.
 */
public final class CommandLineEndpoint implements Endpoint {

    public static final String SECRET_HEADER = "X-Jupyship-Handoff";
    public static final String RESULT_TYPE = "application/x-jupyship-cli-result";

    private final CommandLineHandoff handoff;

    public CommandLineEndpoint(CommandLineHandoff handoff) {
        this.handoff = handoff;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        if (handoff == null || !handoff.admits(request.header(SECRET_HEADER))) {
            throw new ApiException(403, "missing or wrong " + SECRET_HEADER + " header: command lines are taken only from the launcher"
                    + " of the sidecar's own user, with the secret of its runtime file");
        }
        String body = new String(request.body(), StandardCharsets.UTF_8);
        if (!body.endsWith("\0")) {
            throw new ApiException(400, "the body is the caller's folder and the arguments, each ended by a NUL character");
        }
        List<String> fields = Arrays.asList(body.substring(0, body.length() - 1).split("\0", -1));
        Path folder = Path.of(fields.get(0));
        if (!folder.isAbsolute()) {
            throw new ApiException(400, "the caller's folder must be an absolute path, not '" + fields.get(0) + "'");
        }
        CommandLineHandoff.Outcome outcome = handoff.run(folder, fields.subList(1, fields.size()));
        if (outcome.handedBack() != null) {
            throw new ApiException(421, "not run in the sidecar: " + outcome.handedBack());
        }
        return new ApiResponse(200, RESULT_TYPE, outcome.exitCode() + " " + outcome.out().getBytes(StandardCharsets.UTF_8).length + "\n"
                + outcome.out() + outcome.err());
    }
}
