package dev.jupyship.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real git repository in a temporary folder, for tests. */
public final class GitRepo implements AutoCloseable {

    private final Git git;
    private final Path root;

    private GitRepo(Git git, Path root) {
        this.git = git;
        this.root = root;
    }

    public static GitRepo init(Path folder) throws Exception {
        Git git = Git.init().setDirectory(folder.toFile()).setInitialBranch("main").call();
        return new GitRepo(git, folder.toRealPath());
    }

    public Path root() {
        return root;
    }

    public Git git() {
        return git;
    }

    public Path write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    public RevCommit commit(String message, String... paths) throws Exception {
        for (String path : paths) {
            git.add().addFilepattern(path).call();
        }
        PersonIdent someone = new PersonIdent("Data Scientist", "ds@example.com");
        return git.commit().setMessage(message).setAuthor(someone).setCommitter(someone).setSign(false).call();
    }

    /** Runs the real git command line in the repository; returns exit code and output. */
    public Result cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Data Scientist", "-c", "user.email=ds@example.com",
                "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    public record Result(int exitCode, String output) {
    }

    @Override
    public void close() {
        git.close();
    }
}
