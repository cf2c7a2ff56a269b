/** Schedules in the lab: the cron field checked as it is typed, and the line each schedule reads as. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schedule } from '../api';
import { browserTimeZone, cronProblem, scheduleLine } from '../schedules';

test('a cron expression has five fields of cron characters; anything else says which and why', () => {
  assert.equal(cronProblem('0 3 * * *'), null);
  assert.equal(cronProblem('  */15 9-17 * * MON-FRI '), null, 'steps, ranges and names are the sidecar\'s to judge');
  assert.equal(cronProblem(''), 'a cron expression is needed, e.g. 0 3 * * * (every day at 03:00)');
  assert.equal(cronProblem('0 3 * *'), '4 fields; cron has five: minute, hour, day of month, month, day of week (e.g. 0 3 * * *)');
  assert.equal(cronProblem('daily'), '1 field; cron has five: minute, hour, day of month, month, day of week (e.g. 0 3 * * *)');
  assert.equal(cronProblem('0 3 * * * 2026'), '6 fields; cron has five: minute, hour, day of month, month, day of week (e.g. 0 3 * * *)');
  assert.equal(cronProblem('0 3:00 * * *'), "the hour field '3:00' is not a cron field");
});

test('the browser\'s zone is a zone name', () => {
  assert.match(browserTimeZone(), /^[A-Za-z_]+(\/[A-Za-z_+-]+)*$|^UTC$/);
});

const schedule = (extra: Partial<Schedule>): Schedule => ({
  id: 'train-a1b2c3', project: 'p', notebook: 'train.ipynb', cron: '0 3 * * *', timeZone: 'Europe/Paris', parameters: {},
  paused: false, createdBy: 'ana', createdAt: '2026-12-01T10:00:00Z', ...extra
});

test('a schedule reads as its times, its next run, and how its last one went', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const next = new Date('2026-12-08T02:00:00Z');
  const nextLabel = `${next.toLocaleDateString('en', { month: 'short', day: 'numeric' })} ${next.toTimeString().slice(0, 5)}`;
  assert.equal(scheduleLine(schedule({ nextRun: next.toISOString() }), now), `0 3 * * * Europe/Paris · next ${nextLabel} · not run yet`);
  assert.equal(scheduleLine(schedule({ paused: true, lastRunStatus: 'succeeded' }), now), '0 3 * * * Europe/Paris · paused · last run succeeded');
  assert.equal(scheduleLine(schedule({ nextRun: next.toISOString(), lastRunStatus: 'failed', lastProblem: 'the gate blocks: JS601' }), now),
    `0 3 * * * Europe/Paris · next ${nextLabel} · last slot not run: the gate blocks: JS601`);
});
