package dev.jupyship.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * What runs keep on this machine, under the workspace's {@code .jupyship/deploy-work/}: the notebook
 * copy a job reads ({@code inputs/<id>.ipynb}), and the outcomes of runs whose outputs the store
 * refused ({@code unstored/<id>.json}), kept with the run's folder to be stored at the next start.
 */
record RunFolders(Path inputs, Path unstored) {

    private static final Logger LOG = Logger.getLogger(RunFolders.class.getName());

    static RunFolders under(Path workspace) {
        Path work = workspace.resolve(".jupyship/deploy-work");
        return new RunFolders(work.resolve("inputs"), work.resolve("unstored"));
    }

    Path input(String id) {
        return inputs.resolve(id + ".ipynb");
    }

    Path unstoredOutcome(String id) {
        return unstored.resolve(id + ".json");
    }

    /** Runs whose outputs are kept for the store, oldest first (ids sort by time). */
    List<String> unstoredRuns() {
        try (Stream<Path> records = Files.list(unstored)) {
            return records.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length())).sorted().toList();
        } catch (IOException none) {
            return List.of();
        }
    }

    /** Runs with a notebook copy here. */
    List<String> inputRuns() {
        try (Stream<Path> copies = Files.list(inputs)) {
            return copies.map(copy -> copy.getFileName().toString().replaceFirst("\\.ipynb$", "")).toList();
        } catch (IOException none) {
            return List.of();
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning("could not remove " + file + ": " + e.getMessage());
        }
    }
}
