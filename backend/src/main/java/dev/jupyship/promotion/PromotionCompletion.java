package dev.jupyship.promotion;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jupyship.contract.Contract;
import dev.jupyship.contract.ContractFormatException;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunCompletion;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunFailure;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end of a succeeded run, for a notebook with a contract: its metrics checked against the
 * contract's bounds ({@link MetricsCheck}; a run that breaks one ends {@code failed}, kind
 * {@value MetricsCheck#FAILURE_KIND}), then, when the contract declares a model, the gate's decision
 * against the current champion put on its manifest ({@link PromotionGate}); once the manifest is
 * stored, the champion moves and the decision joins the history ({@link Champions#settle}). The
 * sidecar and the CLI register it on every deployer they open ({@link #register}), so their runs are
 * gated alike.
 */
public final class PromotionCompletion implements RunCompletion {

    private static final Logger LOG = Logger.getLogger(PromotionCompletion.class.getName());

    private final ArtifactStore store;
    private final Champions champions;
    private final Clock clock;

    public PromotionCompletion(ArtifactStore store, Champions champions, Clock clock) {
        this.store = store;
        this.champions = champions;
        this.clock = clock;
    }

    /** The deployer's runs, from now on, end through the gate; answers the champions it moves, for the promotion commands. */
    public static Champions register(Deployer deployer) {
        Champions champions = Champions.of(deployer);
        deployer.addCompletion(new PromotionCompletion(deployer.store(), champions, Clock.systemUTC()));
        return champions;
    }

    @Override
    public RunManifest beforeStored(RunManifest ended) throws IOException {
        if (ended.status() != RunStatus.SUCCEEDED) {
            return ended;
        }
        Optional<Contract> read;
        try {
            read = RunContract.of(store, ended);
        } catch (ContractFormatException malformed) {
            return failed(ended, List.of("its metrics cannot be checked, the notebook's contract is malformed: " + malformed.getMessage()));
        }
        if (read.isEmpty()) {
            return ended;
        }
        Contract contract = read.get();
        Contract.Metrics declared = contract.outputs().metrics();
        if (declared != null) {
            Map<String, Object> metrics = metrics(ended, declared);
            if (metrics != ended.metrics()) {
                // the contract's own metrics file is the run's metrics: what the runs view shows and the gate compares
                ended = ended.finished(ended.status(), ended.finishedAt(), ended.failure(), metrics, ended.artifacts());
            }
            List<String> problems = MetricsCheck.problems(declared, metrics);
            if (!problems.isEmpty()) {
                return failed(ended, problems);
            }
        }
        Contract.Model model = contract.outputs().model();
        if (model == null) {
            return ended;
        }
        Champion champion = champions.champion(ended.project(), ended.notebook(), model.name()).orElse(null);
        return ended.withPromotion(PromotionGate.decide(contract, ended, champion, clock.instant()));
    }

    @Override
    public void stored(RunManifest ended) {
        try {
            champions.settle(ended);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "run " + ended.id() + ": the champion was not moved and the decision not recorded in its history", e);
        }
    }

    private static RunManifest failed(RunManifest ended, List<String> problems) {
        return ended.finished(RunStatus.FAILED, ended.finishedAt(), RunFailure.of(MetricsCheck.FAILURE_KIND, String.join("; ", problems)),
                ended.metrics(), ended.artifacts());
    }

    /**
     * The metrics the contract's file holds: deploy copies {@code metrics.json} onto the manifest; a
     * contract that names another file is read from the run's artifacts. Null when there is no such file.
     */
    private Map<String, Object> metrics(RunManifest run, Contract.Metrics declared) throws IOException {
        if (declared.file().equals(RunLayout.METRICS)) {
            return run.metrics();
        }
        if (run.artifacts() == null || !run.artifacts().contains(declared.file())) {
            return null;
        }
        try {
            return RunHistory.JSON.readValue(store.read(run.prefix() + RunLayout.ARTIFACTS + declared.file()),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (NoSuchFileException gone) {
            return null;
        } catch (com.fasterxml.jackson.core.JacksonException notAnObject) {
            return Map.of();
        }
    }
}
