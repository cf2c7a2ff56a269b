package dev.jupyship.testing;

import dev.jupyship.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One command line run in this JVM, as a terminal would see it: exit code, stdout and stderr. */
public record CliRun(int code, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
