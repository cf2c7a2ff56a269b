package dev.jupyship.cli;

import dev.jupyship.Version;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The jupyship command line: the sidecar ({@code serve}) and the same capabilities for terminals,
 * git hooks and CI. Exit codes: 0 done, 1 a problem was found or something failed, 2 bad usage.
 */
@Command(name = "jupyship", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Ship machine learning from JupyterLab: lint, interface tests, review export and diffs, snippets, and the sidecar.")
public final class Main {

    /** Every command, in the order help lists them. */
    static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, LintCommand.class, TestCommand.class, ExportCommand.class,
            DiffCommand.class, HookCommand.class, SnippetsCommand.class, DeployCommands.Deploy.class, DeployCommands.Runs.class,
            DeployCommands.Logs.class, DeployCommands.Cancel.class, DeployCommands.Rerun.class, DeployCommands.Delete.class,
            PromotionCommands.Promote.class, PromotionCommands.Rollback.class, PromotionCommands.Show.class,
            ScheduleCommands.class, CompareCommand.class, ServingCommands.class);

    /** The commands a sidecar may run for the launcher (see {@link SidecarCommandLines}); the others need a process of their own. */
    static final java.util.Set<String> HANDED_OFF = java.util.Set.of("lint", "export", "diff", "test", "hook run");

    private final Workdir workdir;

    private Main(Workdir workdir) {
        this.workdir = workdir;
    }

    /** The command line of this process (the tests list its commands). */
    Main() {
        this(Workdir.ownProcess());
    }

    /** The folder the command line a command belongs to runs in. */
    static Workdir workdir(picocli.CommandLine.Model.CommandSpec command) {
        return ((Main) command.root().userObject()).workdir;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams; the tests call this directly. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Workdir.ownProcess());
    }

    /**
     * Runs a command line in {@code workdir}; a path outside the sidecar's workspace stops it before
     * it reads or writes anything, and {@link Workdir#handedBack()} says why.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, Workdir workdir) {
        CommandLine commandLine = new CommandLine(new Main(workdir));
        // picocli reads every command's annotations when it is added, which was most of a short run's
        // start-up (0.3 of 0.4 s for --version): a run adds the one command it names, help adds them all.
        Class<?> named = args.length == 0 ? null : COMMANDS.stream()
                .filter(command -> command.getAnnotation(Command.class).name().equals(args[0])).findFirst().orElse(null);
        for (Class<?> command : named != null ? List.<Class<?>>of(named) : COMMANDS) {
            commandLine.addSubcommand(command);
        }
        withHelpOptions(commandLine);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionStrategy(new CheckedPaths());
        commandLine.registerConverter(java.nio.file.Path.class, workdir::resolve);
        CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            for (Throwable cause = error; cause != null; cause = cause.getCause()) {
                if (cause instanceof Workdir.OutsideWorkspace outside) {
                    return workdir.handBack(outside);
                }
            }
            if (error instanceof CheckedPaths.RefusedPath) {
                error.getCommandLine().getErr().println(error.getCommandLine().getCommandSpec().qualifiedName() + ": " + error.getMessage());
                return CliErrors.FAILED;
            }
            return usage.handleParseException(error, arguments);
        });
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> {
            if (error instanceof Workdir.OutsideWorkspace outside) {
                return workdir.handBack(outside); // the sidecar hands the command line back to the launcher
            }
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + CliErrors.describe(error));
            if (System.getenv("JUPYSHIP_DEBUG") != null) {
                error.printStackTrace(cmd.getErr());
            }
            return CliErrors.exitCode(error);
        });
        String nul = CheckedPaths.nulIn(args);
        if (nul != null) {
            err.println("jupyship" + (named == null ? "" : " " + args[0]) + ": " + nul);
            err.flush();
            return CliErrors.FAILED;
        }
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** -h/--help (and -V/--version) on every command and subcommand, not only on jupyship itself. */
    private static void withHelpOptions(CommandLine command) {
        command.getCommandSpec().mixinStandardHelpOptions(true).versionProvider(new VersionProvider());
        command.getSubcommands().values().forEach(Main::withHelpOptions);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jupyship " + Version.current()};
        }
    }
}
