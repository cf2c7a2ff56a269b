/**
 * Promotion with a champion: when a run of a notebook that declares a model succeeds, its metrics are
 * checked against the contract's absolute bounds (a run that breaks one ends failed,
 * {@link dev.jupyship.promotion.MetricsCheck}), then the gate compares it with the notebook's champion
 * ({@link dev.jupyship.promotion.PromotionGate}) and records the decision on the run's manifest
 * ({@link dev.jupyship.promotion.PromotionCompletion}, a {@link dev.jupyship.deploy.RunCompletion}). The
 * champion is a pointer in the store per project, notebook and model name, moved by compare-and-set,
 * beside an append-only history of every decision, manual promotion and rollback
 * ({@link dev.jupyship.promotion.Champions}); see docs/promotion.md. A feature: it uses {@code deploy}
 * (runs, the store), {@code contract}, the notebook model and the workspace's path rules; deploy knows nothing of it.
 */
package dev.jupyship.promotion;
