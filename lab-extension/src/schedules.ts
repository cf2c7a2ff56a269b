/**
 * Schedules as the lab shows them, without JupyterLab: a cron expression checked as it is typed
 * (the shape only: the sidecar parses it, and its message is shown when it refuses), the zone the
 * browser is in, and one line saying when a schedule runs and how its last run went.
 */
import { Schedule } from './api';
import { startedLabel } from './runs';

/** What each of the five fields is, in the order cron reads them. */
const FIELDS = ['minute', 'hour', 'day of month', 'month', 'day of week'];
const FIELD = /^[0-9A-Za-z*/,?#LW-]+$/;

/** Why the text is not a five-field cron expression, or null when it has that shape. */
export function cronProblem(text: string): string | null {
  const fields = text.trim().split(/\s+/).filter(Boolean);
  if (!fields.length) {
    return 'a cron expression is needed, e.g. 0 3 * * * (every day at 03:00)';
  }
  if (fields.length !== FIELDS.length) {
    return `${fields.length} field${fields.length === 1 ? '' : 's'}; cron has five: ${FIELDS.join(', ')} (e.g. 0 3 * * *)`;
  }
  const bad = fields.findIndex(field => !FIELD.test(field));
  return bad < 0 ? null : `the ${FIELDS[bad]} field '${fields[bad]}' is not a cron field`;
}

/** The browser's time zone (what "03:00" means to the person scheduling), UTC when it cannot tell. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** "0 3 * * * Europe/Paris · next 8 Dec 03:00 · last run succeeded", or paused. */
export function scheduleLine(schedule: Schedule, now: Date = new Date()): string {
  const when = `${schedule.cron} ${schedule.timeZone}`;
  const next = schedule.paused ? 'paused' : schedule.nextRun ? `next ${startedLabel(schedule.nextRun, now)}` : 'no next run';
  const last = schedule.lastProblem ? `last slot not run: ${schedule.lastProblem}`
    : schedule.lastRunStatus ? `last run ${schedule.lastRunStatus}` : 'not run yet';
  return [when, next, last].join(' · ');
}
