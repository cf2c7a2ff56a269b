package dev.jupyship.schedule;

import dev.jupyship.deploy.Deployer;

/** The notebook a cluster's timer runs for a schedule, as checked when it was added: what it is, and its bytes. */
record StagedNotebook(Deployer.Staged staged, byte[] bytes) {
}
