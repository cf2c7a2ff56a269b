package dev.jupyship.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.cli.Main;
import dev.jupyship.testing.GitRepo;
import dev.jupyship.testing.Notebooks;
import dev.jupyship.testing.OutsideWorld;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a repository whose tree holds a notebook named {@code ..\outside\secret.ipynb}
 * (and one with a tab in its name), beside a folder {@code outside/} that must stay unread and unwritten:
 * every command that takes a path refuses the hostile ones, and the hook refuses such names in the index.
 * Paths the user gives on the command line may be absolute or climb with {@code ..} (they are the user's
 * own files); what no path may hold is a backslash or a control character.
 */
class HostilePathsCliTest {

    private static final String BACKSLASH_NAME = "..\\outside\\secret.ipynb";
    private static final String REFUSED = "holds a backslash (\\) at character 3; names with a backslash, a NUL or a control character are refused";

    private record Command(String label, List<String> args, int exitCode, String fragment) {
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

    @Test
    void everyCommandThatTakesAPathRefusesHostileNamesAndReadsNothingOutside() throws Exception {
        OutsideWorld world = OutsideWorld.create(base, "repo");
        Path repoRoot = world.workspace();
        try (GitRepo repo = GitRepo.init(repoRoot)) {
            repo.write("ok.ipynb", Notebooks.of("code", "inside = 1"));
            repo.write(BACKSLASH_NAME, Notebooks.of("code", "inside = 2"));
            repo.commit("notebooks, one with a backslash in its name", "ok.ipynb", BACKSLASH_NAME);
        }
        Map<String, String> before = world.snapshot();
        String hostile = repoRoot.resolve(BACKSLASH_NAME).toString();
        String workspace = repoRoot.toString();
        String pathRefused = "the path '" + hostile + "' holds a backslash (\\) at character " + (repoRoot.toString().length() + 4);
        List<Command> commands = List.of(
                new Command("diff", List.of("diff", hostile), 2, pathRefused),
                new Command("diff between commits", List.of("diff", "--from", "HEAD", "--to", "HEAD", hostile), 2, pathRefused),
                new Command("deploy at a ref", List.of("deploy", BACKSLASH_NAME, "--ref", "HEAD", "-w", workspace), 1,
                        "jupyship deploy: the path '" + BACKSLASH_NAME + "' " + REFUSED),
                new Command("deploy of the working tree", List.of("deploy", BACKSLASH_NAME, "-w", workspace), 1,
                        "jupyship deploy: the path '" + BACKSLASH_NAME + "' " + REFUSED),
                new Command("deploy outside the workspace", List.of("deploy", "../outside/secret.ipynb", "-w", workspace), 1,
                        "jupyship deploy: '../outside/secret.ipynb' is outside the workspace"),
                new Command("runs of a name outside", List.of("runs", "--notebook", "../outside/secret.ipynb", "-w", workspace), 1,
                        "jupyship runs: '../outside/secret.ipynb' is outside the workspace"),
                new Command("runs of a backslash name", List.of("runs", "--notebook", BACKSLASH_NAME, "-w", workspace), 1,
                        "jupyship runs: the path '" + BACKSLASH_NAME + "' " + REFUSED),
                new Command("hook run (pre-commit framework)", List.of("hook", "run", hostile), 2, pathRefused),
                new Command("lint", List.of("lint", hostile), 2, pathRefused),
                new Command("lint with a control character", List.of("lint", repoRoot.resolve("ok\u001b.ipynb").toString()), 2,
                        "holds a control character (U+001B)"),
                new Command("export", List.of("export", hostile), 2, pathRefused),
                new Command("export -o", List.of("export", repoRoot.resolve("ok.ipynb").toString(), "-o", repoRoot.resolve("a\\b.py").toString()), 1,
                        "jupyship export: the path '" + repoRoot.resolve("a\\b.py") + "' holds a backslash"),
                new Command("test", List.of("test", hostile), 2, pathRefused));
        List<String> failures = new ArrayList<>();
        for (Command command : commands) {
            Result result = run(command.args());
            String where = command.label() + ": exit " + result.exitCode() + ", " + result.output().strip();
            if (result.output().contains(OutsideWorld.SENTINEL)) {
                failures.add(where + " -- shows what is outside");
            }
            if (result.exitCode() != command.exitCode() || !result.output().contains(command.fragment())) {
                failures.add(where + " -- expected exit " + command.exitCode() + " and '" + command.fragment() + "'");
            }
        }
        assertEquals(List.of(), failures, String.join("\n", failures));
        assertEquals(before, world.snapshot(), "nothing outside the repository was written");
        assertFalse(Files.exists(repoRoot.resolve("a\\b.py")));
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
