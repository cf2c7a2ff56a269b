package dev.jupyship.deploy.cluster;

import dev.jupyship.run.PapermillRunner;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.testing.PythonEnv;
import java.nio.file.Path;

/** The cluster contract on the local papermill runner. */
class LocalBatchClusterTest extends BatchClusterContract {

    @Override
    protected BatchCluster newCluster(Path folder) {
        PythonEnv.program("papermill");
        return new LocalBatchCluster(new PapermillRunner(PythonEnvironment.ofVenv(PythonEnv.root())), folder.resolve("jobs"), 1);
    }

    @Override
    protected Path outputs(JobSpec spec, JobOutcome outcome) {
        return outcome.outputDir();
    }

    @Override
    protected Path executed(JobSpec spec, JobOutcome outcome) {
        return outcome.executedNotebook();
    }
}
