package dev.jupyship.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.cli.Main;
import dev.jupyship.testing.GitRepo;
import dev.jupyship.testing.Notebooks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-commit hook, installed by the CLI into a real repository and run by the real git command line. */
class PreCommitHookTest {

    @TempDir
    Path folder;

    private static int cli(String... args) {
        StringWriter out = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(out, true));
        assertEquals(0, code, out.toString());
        return code;
    }

    private static String show(GitRepo repo, String spec) throws Exception {
        GitRepo.Result result = repo.cli("show", spec);
        assertEquals(0, result.exitCode(), result.output());
        return result.output();
    }

    @Test
    void commitCarriesTheExportOfTheStagedNotebook() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            cli("hook", "install", "--repo", repo.root().toString());
            repo.write("models/train.ipynb", Notebooks.of("code", "alpha = 0.1"));
            assertEquals(0, repo.cli("add", "models/train.ipynb").exitCode());
            // Unstaged edits after `git add` must not leak into the committed export.
            repo.write("models/train.ipynb", Notebooks.of("code", "alpha = 0.9  # not staged"));

            GitRepo.Result commit = repo.cli("commit", "-m", "train");
            assertEquals(0, commit.exitCode(), commit.output());
            assertTrue(commit.output().contains("jupyship: exported and staged models/train.py"), commit.output());

            String committed = show(repo, "HEAD:models/train.py");
            assertTrue(committed.endsWith("# %%\nalpha = 0.1\n"), committed);
            assertEquals(committed, Files.readString(repo.root().resolve("models/train.py"), StandardCharsets.UTF_8));
            assertEquals("", repo.cli("diff", "--cached", "--name-only").output(), "nothing left staged");
        }
    }

    @Test
    void exportDirAndDeletion() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            cli("hook", "install", "--repo", repo.root().toString(), "--export-dir", "review", "--no-header");
            repo.write("a/nb.ipynb", Notebooks.of("markdown", "# Notes"));
            repo.cli("add", "a/nb.ipynb");
            assertEquals(0, repo.cli("commit", "-m", "add").exitCode());
            assertEquals("# %% [markdown]\n# # Notes\n", show(repo, "HEAD:review/a/nb.py"));

            repo.cli("rm", "-q", "a/nb.ipynb");
            GitRepo.Result removal = repo.cli("commit", "-m", "remove");
            assertEquals(0, removal.exitCode(), removal.output());
            assertFalse(Files.exists(repo.root().resolve("review/a/nb.py")));
            assertEquals("", repo.cli("ls-files", "review").output());
        }
    }

    @Test
    void aMalformedNotebookBlocksTheCommitWithAClearMessage() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            cli("hook", "install", "--repo", repo.root().toString());
            repo.write("ok.ipynb", Notebooks.of("code", "x = 1"));
            repo.write("broken.ipynb", Notebooks.of("code", "y = 2").substring(0, 40));
            repo.cli("add", "ok.ipynb", "broken.ipynb");

            GitRepo.Result commit = repo.cli("commit", "-m", "should not land");
            assertEquals(1, commit.exitCode(), commit.output());
            assertTrue(commit.output().contains("jupyship: commit blocked, a staged notebook cannot be exported:"), commit.output());
            assertTrue(commit.output().contains("broken.ipynb: invalid JSON at line 4, column"), commit.output());
            assertFalse(commit.output().contains("Exception"), commit.output());
            assertTrue(repo.cli("rev-parse", "--verify", "-q", "HEAD").exitCode() != 0, "no commit was made");
        }
    }

    @Test
    void lintErrorsBlockTheCommitAndWarningsDoNot() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            cli("hook", "install", "--repo", repo.root().toString());
            String leaky = Notebooks.of("code", "print(key)").replaceFirst("\"outputs\": \\[\\]",
                    "\"outputs\": [{\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": \"AKIAIOSFODNN7EXAMPLE\"}]");
            repo.write("leaky.ipynb", leaky);
            repo.cli("add", "leaky.ipynb");
            GitRepo.Result blocked = repo.cli("commit", "-m", "leak");
            assertEquals(1, blocked.exitCode(), blocked.output());
            assertTrue(blocked.output().contains("leaky.ipynb:cell 1:1:1: JS402 a saved output contains an AWS access key id"), blocked.output());
            assertTrue(blocked.output().contains("jupyship: commit blocked by lint errors above"), blocked.output());

            repo.write("leaky.ipynb", Notebooks.of("code", "key = 1; print(key)"));
            repo.cli("add", "leaky.ipynb");
            GitRepo.Result passed = repo.cli("commit", "-m", "clean");
            assertEquals(0, passed.exitCode(), passed.output());
            assertTrue(passed.output().contains("JS201"), "warnings are shown but do not block: " + passed.output());
        }
    }

    @Test
    void neverOverwritesAHandWrittenPyOrSomeoneElsesHook() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            Path otherHook = repo.root().resolve(".git/hooks/pre-commit");
            Files.createDirectories(otherHook.getParent());
            Files.writeString(otherHook, "#!/bin/sh\necho mine\n");
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"hook", "install", "--repo", repo.root().toString()}, new PrintWriter(err), new PrintWriter(err, true));
            assertEquals(1, code);
            assertTrue(err.toString().contains("a pre-commit hook that jupyship did not write is already there and was left alone"), err.toString());
            assertEquals("#!/bin/sh\necho mine\n", Files.readString(otherHook));
            Files.delete(otherHook);

            cli("hook", "install", "--repo", repo.root().toString());
            repo.write("util.py", "def helper():\n    return 1\n");
            repo.write("util.ipynb", Notebooks.of("code", "x = 1"));
            repo.cli("add", "util.ipynb");
            GitRepo.Result commit = repo.cli("commit", "-m", "clash");
            assertEquals(1, commit.exitCode(), commit.output());
            assertTrue(commit.output().contains("util.py exists and is not a notebook export"), commit.output());
            assertEquals("def helper():\n    return 1\n", Files.readString(repo.root().resolve("util.py")));
        }
    }

    @Test
    void preCommitFrameworkModeWritesAndAsksToStage() throws Exception {
        try (GitRepo repo = GitRepo.init(folder)) {
            Path notebook = repo.write("nb.ipynb", Notebooks.of("code", "z = 3"));
            StringWriter err = new StringWriter();
            // The framework runs hooks from the repository root and passes file names.
            int code = Main.run(new String[] {"hook", "run", notebook.toString()}, new PrintWriter(err), new PrintWriter(err, true));
            assertEquals(1, code, err.toString());
            assertTrue(err.toString().contains("wrote nb.py; stage it and commit again"), err.toString());
            int again = Main.run(new String[] {"hook", "run", notebook.toString()}, new PrintWriter(err), new PrintWriter(err, true));
            assertEquals(0, again, "an up-to-date export passes");
        }
    }
}
