package dev.jupyship.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Unavailable;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** The CLI answers the domain's errors in one line each, and names anything else as an internal error. */
class CliErrorsTest {

    @Test
    void knownErrorsAreTheirMessage() {
        assertEquals("--port 0x is not a port", CliErrors.describe(new BadInput("--port 0x is not a port")));
        assertEquals("the store cannot be reached", CliErrors.describe(new Unavailable("the store cannot be reached")));
        assertEquals("/x: No space left on device (the disk is full)",
                CliErrors.describe(new FileSystemException("/x", null, "No space left on device")));
        assertEquals(1, CliErrors.exitCode(new BadInput("x")));
    }

    @Test
    void anythingElseIsAnInternalError() {
        assertEquals("internal error (IllegalArgumentException: a bug); JUPYSHIP_DEBUG=1 shows the stack trace",
                CliErrors.describe(new IllegalArgumentException("a bug\nsecond line")));
        assertEquals(1, CliErrors.exitCode(new NullPointerException()));
    }
}
