package dev.jupyship.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.cli.Main;
import dev.jupyship.testing.GitRepo;
import dev.jupyship.testing.HostilePaths;
import dev.jupyship.testing.Notebooks;
import dev.jupyship.testing.OutsideWorld;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a repository beside a folder {@code outside/} that must stay unread and
 * unwritten, with every path of the one hostile list ({@link HostilePaths}, the API's too) sent to every
 * command that takes a path, and the hook refusing such names in the index.
 *
 * <p>Commands with a workspace ({@code deploy}, {@code runs}) confine every path to it, as the API
 * does. The others take the user's own files, so an absolute path or one climbing with {@code ..} is
 * the user's to name (and is not sent to them): for those the hostile paths are the names no path may
 * hold (a backslash, a NUL, a control character, too long), refused in one line with exit 1; names
 * that decode to nothing; and links, through which nothing outside the repository is written (a linked
 * file or folder is written through only when it leads inside) and no file outside is shown in a diff.
 */
class HostilePathsCliTest {

    private static final String BACKSLASH_NAME = HostilePaths.BACKSLASH_NAME;
    private static final String REFUSED = "holds a backslash (\\) at character 3; names with a backslash, a NUL or a control character are refused";
    private static final String OUTSIDE = "is outside the workspace; only files under the workspace folder can be used";

    /** A command that takes a path: its arguments for a path, and whether it confines that path to a workspace. */
    private record Command(String label, boolean confined, Function<String, List<String>> args) {
    }

    private record Result(int exitCode, String output) {
    }

    @TempDir
    Path base;

    private static Result run(List<String> args) {
        StringWriter output = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(output, true), new PrintWriter(output, true));
        return new Result(code, output.toString());
    }

    private static List<Command> commands(Path root) {
        String workspace = root.toString();
        // Paths to commands without a workspace go as a shell in the repository would make them absolute.
        Function<String, String> inRoot = value -> value.startsWith("/") ? value : root + "/" + value;
        return List.of(
                new Command("deploy", true, v -> List.of("deploy", v, "-w", workspace)),
                new Command("deploy at a ref", true, v -> List.of("deploy", v, "--ref", "HEAD", "-w", workspace)),
                new Command("runs of a notebook", true, v -> List.of("runs", "--notebook", v, "-w", workspace)),
                new Command("schedule add", true, v -> List.of("schedule", "add", v, "--cron", "0 3 * * *", "-w", workspace)),
                new Command("schedules of a notebook", true, v -> List.of("schedule", "list", v, "-w", workspace)),
                new Command("lint", false, v -> List.of("lint", "--no-standard", inRoot.apply(v))),
                new Command("lint --fix", false, v -> List.of("lint", "--fix", "--no-standard", inRoot.apply(v))),
                new Command("export", false, v -> List.of("export", inRoot.apply(v))),
                new Command("export -o", false, v -> List.of("export", root.resolve("ok.ipynb").toString(), "-o", inRoot.apply(v) + ".py")),
                new Command("diff", false, v -> List.of("diff", inRoot.apply(v))),
                new Command("diff between commits", false, v -> List.of("diff", "--from", "HEAD", "--to", "HEAD", inRoot.apply(v))),
                new Command("test", false, v -> List.of("test", inRoot.apply(v))),
                new Command("hook run (pre-commit framework)", false, v -> List.of("hook", "run", inRoot.apply(v))));
    }

    /**
     * What a command answers to a hostile path: exit code and a fragment of its one line, or null for
     * a path that is not hostile to a command taking the user's own files (not sent).
     */
    private static Result expected(Command command, HostilePaths.Hostile hostile, Path root, String outside) {
        int shift = command.confined() ? 0 : root.toString().length() + 1;
        return switch (hostile.kind()) {
            case NAME -> new Result(1, hostile.value().indexOf('\0') >= 0
                    ? "holds a NUL character (U+0000) at character " + (hostile.at() + shift) : hostile.refusal(shift));
            case CLIMBS -> command.confined() ? new Result(1, OUTSIDE) : null;
            case ABSOLUTE -> !command.confined() ? null : namesOnly(command)
                    ? new Result(1, "is absolute; give it relative to the workspace") : new Result(1, OUTSIDE);
            case ENCODED -> switch (command.label()) {
                case "deploy", "deploy at a ref", "schedule add" -> new Result(1, "no notebook at '" + hostile.value() + "' in the workspace");
                case "runs of a notebook" -> new Result(0, "");
                case "schedules of a notebook" -> new Result(0, "no schedules of " + hostile.value());
                case "export -o" -> new Result(0, "wrote " + root + "/" + hostile.value() + ".py");
                case "diff" -> new Result(1, hostile.value() + ": not in HEAD nor in working tree");
                case "diff between commits" -> new Result(1, hostile.value() + ": not in HEAD nor in HEAD");
                default -> new Result(1, root + "/" + hostile.value() + ": no such file");
            };
            case SYMLINK -> symlinkOutcome(command, hostile, root, outside);
        };
    }

    /** The commands that take a path as a notebook's name in the runs' store, and read no file. */
    private static boolean namesOnly(Command command) {
        return command.label().startsWith("runs") || command.label().startsWith("schedules");
    }

    /** Links: confined commands refuse them; the others read the user's link, but write and show nothing outside. */
    private static Result symlinkOutcome(Command command, HostilePaths.Hostile hostile, Path root, String outside) {
        if (command.confined()) {
            return namesOnly(command) ? new Result(0, "") : new Result(1, OUTSIDE);
        }
        String path = root + "/" + hostile.value();
        boolean missing = hostile.value().equals("dangling.ipynb") || hostile.value().equals("linkdir/new.ipynb");
        String linkedFolder = "is in a linked folder, " + outside + "/folder, outside " + root + "; not written through it";
        return switch (command.label()) {
            case "export -o" -> hostile.value().startsWith("linkdir/") ? new Result(1, path + ".py: " + linkedFolder)
                    : new Result(0, "wrote " + path + ".py");
            case "diff", "diff between commits" -> hostile.value().startsWith("linkdir/")
                    ? new Result(1, path + ": outside the repository at " + root)
                    : command.label().equals("diff between commits") ? new Result(1, hostile.value() + ": not in HEAD nor in HEAD")
                    : missing ? new Result(1, hostile.value() + ": not in HEAD nor in working tree")
                    : new Result(1, path + ": is a link to a file outside the repository at " + root + "; not read");
            case "hook run (pre-commit framework)" -> missing ? new Result(1, path + ": no such file")
                    : hostile.value().startsWith("linkdir/") ? new Result(1, path + ": outside the repository at " + root) : new Result(0, "");
            default -> missing ? new Result(1, path + ": no such file") : switch (command.label()) {
                case "lint" -> new Result(0, "JS201");
                // Its findings, then why the fix is not written.
                case "lint --fix" -> new Result(1, path + ": note: not fixed: " + path + ": " + (hostile.value().startsWith("linkdir/")
                        ? linkedFolder : "is a symbolic link to " + outside + "/secret.ipynb, outside " + root + "; not written through it"));
                case "export" -> hostile.value().startsWith("linkdir/") ? new Result(1, root + "/linkdir/secret.py: " + linkedFolder)
                        : new Result(0, "wrote " + root + "/link.py");
                case "test" -> new Result(1, "FAIL contract: the notebook declares no contract");
                default -> throw new AssertionError(command.label());
            };
        };
    }

    @Test
    void everyHostilePathGoesToEveryCommandThatTakesAPathAndNothingOutsideIsReadOrWritten() throws Exception {
        OutsideWorld world = OutsideWorld.create(base, "repo");
        Path root = world.workspace();
        HostilePaths.plant(world);
        try (GitRepo repo = GitRepo.init(root)) {
            repo.write("ok.ipynb", Notebooks.of("code", "inside = 1"));
            repo.commit("notebooks, one with a backslash in its name", "ok.ipynb", BACKSLASH_NAME);
        }
        Map<String, String> before = world.snapshot();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (HostilePaths.Hostile hostile : HostilePaths.all(world.outside())) {
            for (Command command : commands(root)) {
                Result expected = expected(command, hostile, root, world.outside().toString());
                if (expected == null) {
                    continue;
                }
                Result result = run(command.args().apply(hostile.value()));
                sent++;
                String where = command.label() + " with " + hostile.label() + ": exit " + result.exitCode() + ", " + abbreviated(result.output());
                if (result.output().contains(OutsideWorld.SENTINEL)) {
                    failures.add(where + " -- shows what is outside");
                }
                if (result.exitCode() != expected.exitCode() || !result.output().contains(expected.output())) {
                    failures.add(where + " -- expected exit " + expected.exitCode() + " and '" + abbreviated(expected.output()) + "'");
                }
                boolean refusal = command.confined() || hostile.kind() == HostilePaths.Kind.NAME;
                if (refusal && (result.output().contains("Usage:") || result.output().contains("\tat ")
                        || result.output().lines().count() > 1)) {
                    failures.add(where + " -- a refusal is one line");
                }
            }
        }
        assertEquals(List.of(), failures, String.join("\n", failures));
        // Confined commands get the whole list; the others all but the absolute and climbing paths.
        int list = HostilePaths.all(world.outside()).size();
        assertEquals(22, list);
        assertEquals(5 * list + 8 * (list - 5), sent);
        assertEquals(before, world.snapshot(), "nothing outside the repository was written");
    }

    private static String abbreviated(String text) {
        String line = text.strip().replace("\n", "\\n");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    @Test
    void theHookRefusesAStagedNotebookWithAHostileName() throws Exception {
        OutsideWorld world = OutsideWorld.create(base, "repo");
        try (GitRepo repo = GitRepo.init(world.workspace())) {
            assertEquals(0, run(List.of("hook", "install", "--repo", repo.root().toString())).exitCode());
            for (String[] named : new String[][] {
                    {BACKSLASH_NAME, "the path '..\\outside\\secret.ipynb' " + REFUSED},
                    {"tab\there.ipynb", "the path 'tab\\u0009here.ipynb' holds a control character (U+0009) at character 4"}}) {
                Map<String, String> before = world.snapshot();
                repo.write(named[0], Notebooks.of("code", "inside = 3"));
                repo.git().add().addFilepattern(named[0]).call();
                GitRepo.Result commit = repo.cli("commit", "-m", "hostile name");
                assertEquals(1, commit.exitCode(), commit.output());
                assertTrue(commit.output().contains("commit blocked, a staged notebook has a name that is refused: " + named[1]), commit.output());
                assertTrue(repo.cli("rev-parse", "--verify", "-q", "HEAD").exitCode() != 0, "no commit was made");
                assertEquals(List.of(named[0]), List.copyOf(repo.git().status().call().getAdded()), "the index is as the user staged it");
                assertEquals(before, world.snapshot(), "nothing outside the repository was written");
                repo.git().rm().setCached(true).addFilepattern(named[0]).call();
            }
        }
    }
}
