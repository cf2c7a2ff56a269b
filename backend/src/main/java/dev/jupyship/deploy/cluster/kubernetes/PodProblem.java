package dev.jupyship.deploy.cluster.kubernetes;

/**
 * Why a run's pod or Job failed, as the cluster tells it, before the notebook is read.
 *
 * @param kind             the run failure's kind: out-of-memory, evicted, image-pull, timed-out, kernel-died,
 *                         papermill, pod-failed, cluster
 * @param summary          one sentence in the user's terms, without the cell (the caller adds where it stopped)
 * @param notebookExplains papermill itself failed (a non-zero exit): a failing cell in the executed notebook,
 *                         when there is one, is the better explanation
 * @param ranNoCell        the pod never ran the notebook (its image or configuration was refused)
 */
public record PodProblem(String kind, String summary, boolean notebookExplains, boolean ranNoCell) {
}
