/**
 * Deploy to dev: a notebook gated ({@link dev.jupyship.deploy.DeployGate}) and started as a batch run
 * ({@link dev.jupyship.deploy.Deployer}), the runs' history ({@link dev.jupyship.deploy.RunHistory}),
 * following a run to its stored outputs ({@link dev.jupyship.deploy.RunFollower}), recovery of runs
 * whose owner is gone ({@link dev.jupyship.deploy.RunRecovery}) and logs
 * ({@link dev.jupyship.deploy.RunLogs}); where runs are kept is {@code store/}, where they execute
 * {@code cluster/}. A feature: it uses {@code lint} and {@code contract} for the gate, {@code review} for a
 * notebook at a git revision, and the foundation.
 */
package dev.jupyship.deploy;
