package dev.jupyship.serving;

import dev.jupyship.contract.Contract;
import dev.jupyship.contract.ContractReader;
import dev.jupyship.deploy.DeployConfig;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.errors.BadInput;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.workspace.PathNames;
import dev.jupyship.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the serving process needs to follow a notebook's champion in the workspace's store, the one
 * deploy writes runs to ({@code jupyship.toml}): the store's root ({@code file:} URI or
 * {@code gs://bucket/prefix}), the project, the notebook's path as its runs record it, the model's
 * name, what a Python client needs in its environment to reach the store, and whether {@code [alerts]}
 * are set. {@code jupyship serving plan} prints it as JSON for {@code image/start serve}.
 *
 * @param store       the store's root, as fsspec opens it
 * @param project     the folder of the notebook's runs under {@code runs/}
 * @param notebook    the notebook's path in the workspace
 * @param model       the model's name: given, else the notebook's contract's, else {@code model}
 * @param environment {@code STORAGE_EMULATOR_HOST} for a GCS emulator; empty otherwise
 * @param alerts      whether the workspace's configuration has {@code [alerts]} webhooks to tell of a model not served
 */
public record ServingPlan(String store, String project, String notebook, String model, Map<String, String> environment, boolean alerts) {

    public static ServingPlan of(Path workspaceRoot, String notebook, String model, Map<String, String> env) throws IOException {
        Workspace workspace = new Workspace(workspaceRoot);
        Path file = workspace.resolve(notebook);
        String path = workspace.relative(file);
        DeployConfig config = DeployConfig.load(workspace.root(), env);
        RunHistory history = Deployer.history(workspace.root(), config);
        String name = model != null ? model : contractModel(file).orElse(Contract.Model.DEFAULT_NAME);
        if (!Contract.Model.isName(name)) {
            throw new BadInput("'" + PathNames.printable(name) + "' is not a model name: letters, digits, '_', '-' and '.'");
        }
        boolean alerts = dev.jupyship.alerts.AlertsConfig.load(config, env).isPresent();
        return new ServingPlan(history.store().rootLocation(), history.project(), path, name, history.store().clientEnvironment(), alerts);
    }

    private static Optional<String> contractModel(Path notebook) throws IOException {
        if (!Files.isRegularFile(notebook)) {
            return Optional.empty();
        }
        Optional<Contract> contract = ContractReader.read(Notebook.parse(Files.readAllBytes(notebook), notebook.toString()));
        return contract.map(Contract::outputs).map(Contract.Outputs::model).map(Contract.Model::name);
    }
}
