package dev.jupyship.run;

import java.io.IOException;
import java.net.InetAddress;

/**
 * The machine this process runs on, as runs name it: the pod's name in a cluster ({@code $HOSTNAME},
 * which a JupyterHub user's pod keeps across restarts), else the host name. A sidecar and a CLI on
 * the same pod are the same machine: they own the same runs and watch the same Jobs.
 */
public final class ThisMachine {

    private static final String NAME = lookUp();

    private ThisMachine() {
    }

    /** The name, without {@code :} (owner strings use it as a separator). */
    public static String name() {
        return NAME;
    }

    private static String lookUp() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "localhost";
            }
        }
        return name.replace(":", "_");
    }
}
