/**
 * Serving a notebook's champion model: what the serving process (the runtime image's Python server,
 * {@code image/jupyship_serving}, started by {@code image/start serve}) needs from the workspace's
 * configuration ({@link dev.jupyship.serving.ServingPlan}: the store and project deploy uses) and the
 * alert it raises for a model it refuses ({@link dev.jupyship.serving.ServingAlerts}); see docs/serving.md.
 * A feature: it uses {@code deploy} (the store, the configuration), {@code promotion} (the champion),
 * {@code alerts}, {@code contract} and the notebook model.
 */
package dev.jupyship.serving;
