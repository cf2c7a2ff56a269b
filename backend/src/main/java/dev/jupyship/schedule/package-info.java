/**
 * Schedules: a notebook registered to run on a cron schedule ({@link dev.jupyship.schedule.Schedule},
 * its times by {@link dev.jupyship.schedule.CronSchedule}), kept in the runs' artifact store
 * ({@link dev.jupyship.schedule.ScheduleStore}) so every sidecar sharing the store sees them; the
 * operations the API and the CLI offer ({@link dev.jupyship.schedule.Schedules}); and the embedded
 * scheduler that runs due schedules in the sidecar ({@link dev.jupyship.schedule.EmbeddedScheduler}),
 * each slot claimed with the store's compare-and-set so two sidecars never start it twice. A
 * scheduled run is a normal deploy. A feature: it uses {@code deploy} (a scheduled run is a
 * deploy, and the store is the runs'), {@code json}, {@code errors} and the foundation; deploy knows
 * nothing of it.
 */
package dev.jupyship.schedule;
