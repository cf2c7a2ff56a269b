/**
 * Interface contracts of notebooks: the contract a notebook declares ({@link dev.jupyship.contract.Contract},
 * read by {@link dev.jupyship.contract.ContractReader}), the static check of it against the code
 * ({@link dev.jupyship.contract.StaticContractCheck}), and the interface test that runs the notebook
 * with its test parameters and verifies its outputs ({@link dev.jupyship.contract.InterfaceTestRun},
 * queued by {@link dev.jupyship.contract.InterfaceTestQueue}, reported as
 * {@link dev.jupyship.contract.InterfaceTestReport} and JUnit XML). A feature: it uses the foundation
 * ({@code notebook}, {@code python}, {@code run}, {@code json}); the lint engine uses it, not the other
 * way round.
 */
package dev.jupyship.contract;
