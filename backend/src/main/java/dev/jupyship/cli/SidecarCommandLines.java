package dev.jupyship.cli;

import dev.jupyship.api.CommandLineHandoff;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The launcher's command lines, run in the sidecar ({@code POST /api/cli}): {@link Main} with the
 * caller's folder as its {@link Workdir}, so output, exit code and files are what the launcher's
 * own JVM would have given, without its start-up. Only {@link Main#HANDED_OFF} commands, only in a
 * folder inside the sidecar's workspace, and only with paths that stay inside it; anything else is
 * handed back to the launcher, which runs it itself.
 */
final class SidecarCommandLines implements CommandLineHandoff {

    private final Path root;
    private final String secret;

    SidecarCommandLines(Path workspace) {
        this.root = workspace.toAbsolutePath().normalize();
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.secret = HexFormat.of().formatHex(random);
    }

    /** What the runtime file gives the launcher: whoever can read it may run commands here. */
    String secret() {
        return secret;
    }

    @Override
    public boolean admits(String given) {
        return given != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Outcome run(Path folder, List<String> args) {
        String command = args.isEmpty() ? "" : args.get(0).equals("hook") && args.size() > 1 ? "hook " + args.get(1) : args.get(0);
        if (!Main.HANDED_OFF.contains(command)) {
            return handedBack("'jupyship " + command + "' runs in a process of its own");
        }
        Path normal = folder.normalize();
        try {
            if (!normal.startsWith(root) || !normal.toRealPath().startsWith(root.toRealPath())) {
                return handedBack(folder + " is not in the sidecar's workspace " + root);
            }
        } catch (IOException e) {
            return handedBack(folder + " could not be checked against the sidecar's workspace: " + e.getMessage());
        }
        Workdir workdir = Workdir.caller(normal, root);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), workdir);
        if (workdir.handedBack() != null) {
            return handedBack(workdir.handedBack());
        }
        return new Outcome(code, workdir.shown(out.toString()), workdir.shown(err.toString()), null);
    }

    private static Outcome handedBack(String why) {
        return new Outcome(0, "", "", why);
    }
}
