package dev.jupyship.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A container of the runtime image that {@link RuntimeImage} started; it removes it. */
public final class Container {

    private static final Duration CALL = Duration.ofSeconds(120);

    /**
     * Python inside the container asks one URL and prints the status, a newline and the body. Redirects
     * are not followed: a refused request must show as the server's answer, not as its login page.
     * Status 0: nothing answers yet (refused, reset).
     */
    private static final String HTTP_GET = """
            import sys, urllib.error, urllib.request
            class Stay(urllib.request.HTTPRedirectHandler):
                def redirect_request(self, *args):
                    return None
            request = urllib.request.Request(sys.argv[1])
            if sys.argv[2]:
                request.add_header("Authorization", "token " + sys.argv[2])
            try:
                answer = urllib.request.build_opener(Stay).open(request, timeout=60)
            except urllib.error.HTTPError as refused:
                answer = refused
            except OSError:
                print(0)
                sys.exit(0)
            print(answer.getcode())
            sys.stdout.write(answer.read().decode("utf-8", "replace"))
            """;

    /** An HTTP answer read inside the container. */
    public record Answer(int status, String body) {
    }

    private final String id;

    Container(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Runs a command in the running container, as its user. */
    public Docker.Result exec(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("exec", id));
        args.addAll(List.of(command));
        return Docker.run(CALL, args);
    }

    /** GET on the container's own loopback (its network may be none), with a Jupyter token or without ({@code ""}). */
    public Answer get(String url, String token) throws IOException, InterruptedException {
        String out = exec("python3", "-c", HTTP_GET, url, token).ok();
        int newline = out.indexOf('\n');
        return new Answer(Integer.parseInt(out.substring(0, newline).strip()), out.substring(newline + 1));
    }

    /** One field of {@code docker inspect}, by Go template ({@code {{.State.Status}}}). */
    public String inspect(String template) throws IOException, InterruptedException {
        return Docker.run(CALL, "inspect", "--format", template, id).ok().strip();
    }

    /** One process of the container, as the host sees it. */
    public record Proc(int uid, String commandLine) {
    }

    /** Its processes ({@code docker top}). */
    public List<Proc> processes() throws IOException, InterruptedException {
        List<Proc> processes = new ArrayList<>();
        for (String line : Docker.run(CALL, "top", id, "-eo", "uid,pid,args").ok().strip().lines().skip(1).toList()) {
            String[] fields = line.strip().split("\\s+", 3);
            processes.add(new Proc(Integer.parseInt(fields[0]), fields[2]));
        }
        return processes;
    }

    /** Everything the container wrote to stdout and stderr so far. */
    public String logs() throws IOException, InterruptedException {
        Docker.Result logs = Docker.run(CALL, "logs", id);
        return logs.out() + logs.err();
    }

    private boolean running() throws IOException, InterruptedException {
        return inspect("{{.State.Running}}").equals("true");
    }

    /** The container's exit status, once it has ended; fails after {@code limit}, with its log. */
    public int waitForExit(Duration limit) throws IOException, InterruptedException {
        // docker wait has no time limit of its own: a notebook that hangs must fail the test, not the build.
        Docker.Result ended = Docker.run(limit, "wait", id);
        if (ended.code() != 0 || running()) {
            throw new AssertionError("the container did not end: " + ended.err() + logs());
        }
        return Integer.parseInt(ended.out().strip());
    }

    /** Polls until the condition holds; fails after {@code limit}, or at once when the container stopped, with its log. */
    public void await(Duration limit, String what, Check condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.test(this)) {
            if (!running()) {
                throw new AssertionError("the container stopped while waiting for " + what + ": " + logs());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + limit.toSeconds() + " s for " + what + " in vain: " + logs());
            }
            Thread.sleep(500);
        }
    }

    /** A condition on the container; it may call docker. */
    @FunctionalInterface
    public interface Check {
        boolean test(Container container) throws IOException, InterruptedException;
    }

    void remove() throws IOException, InterruptedException {
        Docker.run(CALL, "rm", "--force", "--volumes", id).ok();
    }
}
