/** The metric history charts' model: order, scale, champion, promotions, failures, tooltips. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeAgainstChampion, ChartRun, metricCharts } from '../metricChart';

const run = (id: string, minute: number, status: ChartRun['status'], metrics: Record<string, unknown> | null, extra: Partial<ChartRun> = {}): ChartRun =>
  ({ id, createdAt: `2026-12-01T10:${String(minute).padStart(2, '0')}:00Z`, status, metrics, ...extra });

test('one chart per numeric metric of the succeeded runs, oldest run on the left', () => {
  const charts = metricCharts([
    run('c', 3, 'succeeded', { auc: 0.8, rows: 100, note: 'text' }),
    run('a', 1, 'succeeded', { auc: 0.9, rows: 100 }),
    run('b', 2, 'failed', null, { failure: 'cell 3 raised ValueError' }),
    run('d', 4, 'running', null),
    run('e', 5, 'cancelled', null)
  ], { width: 116, height: 58 });
  assert.deepEqual(charts.map(c => c.metric), ['auc', 'rows']);
  const auc = charts[0];
  assert.deepEqual(auc.points.map(p => [p.run, p.kind, p.x]), [['a', 'value', 8], ['b', 'failed', 58], ['c', 'value', 108]]);
  assert.equal(auc.points[0].y, 8, 'the highest value at the top');
  assert.equal(auc.points[2].y, 50, 'the lowest at the bottom');
  assert.equal(auc.points[1].y, 54, 'a failed run sits on the axis');
  assert.equal(auc.points[1].title, 'run b failed: cell 3 raised ValueError');
  assert.equal(auc.line, 'M8.0,8.0 L108.0,50.0', 'the line joins values only');
  assert.equal(charts[1].points[0].y, 29, 'a metric that never moved is drawn level, in the middle');
});

test('the champion is ringed with its value as a line, promotions marked, changes against it in the tooltips', () => {
  const [auc] = metricCharts([
    run('r1', 1, 'succeeded', { auc: 0.86 }, { promoted: true }),
    run('r2', 2, 'succeeded', { auc: 0.81 }),
    run('r3', 3, 'succeeded', { auc: 0.88 }, { promoted: true })
  ], { champion: 'r3', width: 100, height: 100 });
  assert.deepEqual(auc.points.map(p => p.kind), ['promoted', 'value', 'champion']);
  assert.equal(auc.championY, auc.points[2].y);
  assert.equal(auc.points[1].title, 'auc 0.81, run r2; −0.07 against the champion (0.88)');
  assert.equal(auc.points[2].title, "auc 0.88, run r3 (the champion); the champion's value (0.88)");
  const [none] = metricCharts([run('r1', 1, 'succeeded', { auc: 0.86 })]);
  assert.equal(none.championY, null);
  assert.match(none.points[0].title, /no champion to compare with$/);
  assert.equal(none.line, '', 'one point draws no line');
});

test('only the newest runs and the first metrics by name are charted', () => {
  const runs = Array.from({ length: 40 }, (_, i) => run(`r${String(i).padStart(2, '0')}`, i, 'succeeded', Object.fromEntries('abcdefgh'.split('').map(m => [m, i]))));
  const charts = metricCharts(runs, { limit: 10, metrics: 3 });
  assert.deepEqual(charts.map(c => c.metric), ['a', 'b', 'c']);
  assert.deepEqual(charts[0].points.map(p => p.run), runs.slice(30).map(r => r.id));
  assert.deepEqual([charts[0].min, charts[0].max], [30, 39]);
});

test('changes against the champion read both ways', () => {
  assert.equal(changeAgainstChampion(2.5, 2.25), '+0.25 against the champion (2.25)');
  assert.equal(changeAgainstChampion(0.123456, 0.2), '−0.0765 against the champion (0.2)');
  assert.equal(changeAgainstChampion(1, undefined), 'no champion to compare with');
});
