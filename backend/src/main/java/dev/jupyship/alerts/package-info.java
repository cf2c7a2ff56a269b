/**
 * Alerts: webhooks (Slack-compatible or plain JSON) told of a run that failed or broke its metric
 * bounds, a run not promoted, a run taking longer than expected and a schedule missed
 * ({@link dev.jupyship.alerts.Alerts}), configured in {@code [alerts]}
 * ({@link dev.jupyship.alerts.AlertsConfig}) and posted asynchronously with retries, once per event
 * across processes sharing the store ({@link dev.jupyship.alerts.WebhookSender}). A feature: it uses
 * {@code deploy} (a run's end, the store), {@code json}, {@code errors} and the foundation; deploy does
 * not use it.
 */
package dev.jupyship.alerts;
