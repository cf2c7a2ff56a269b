/** The metric history charts' model: order, scale, champion, promotions, failures, tooltips. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunSummary } from '../api';
import { changeAgainstChampion, championModel, ChartRun, chartRuns, metricCharts } from '../metricChart';

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

const summary = (id: string, minute: number, promotion: RunSummary['promotion']): RunSummary =>
  ({ id, notebook: 'churn.ipynb', status: 'succeeded', createdAt: `2026-12-01T10:${String(minute).padStart(2, '0')}:00Z`, finishedAt: null,
    commit: null, failure: null, metrics: { auc: 0.8 }, parameters: {}, promotion });

test('the runs list gives the charts its promotions, the gate\'s reasons for a refusal, and the model whose champion to mark', () => {
  const refused = { decision: 'not-promoted' as const, reasons: ['auc 0.6 is below the champion\'s 0.86 minus the allowed 0.02', 'n_train fell'],
    model: 'churn', changes: {}, decidedAt: '2026-12-01T10:03:00Z' };
  const rows = [
    summary('r3', 3, refused),
    summary('r1', 1, { decision: 'promoted', reasons: [], model: 'churn', changes: {}, decidedAt: '2026-12-01T10:01:00Z' }),
    summary('r2', 2, undefined)
  ];
  assert.deepEqual(chartRuns(rows).map(r => [r.id, r.promoted, r.refusal]), [
    ['r3', false, 'auc 0.6 is below the champion\'s 0.86 minus the allowed 0.02; n_train fell'],
    ['r1', true, undefined],
    ['r2', false, undefined]
  ]);
  assert.equal(championModel(rows), 'churn');
  assert.equal(championModel([summary('r2', 2, undefined)]), null, 'no run was decided on: no champion to ask for');
  const [auc] = metricCharts(chartRuns(rows), { champion: 'r1' });
  assert.match(auc.points[2].title, /; not promoted: auc 0\.6 is below .* n_train fell$/);
});

test('a champion older than the runs shown still gives its line and the changes against it', () => {
  const [auc] = metricCharts([
    run('r8', 8, 'succeeded', { auc: 0.8 }),
    run('r9', 9, 'succeeded', { auc: 0.7 })
  ], { champion: 'r1', championMetrics: { auc: 0.9 }, width: 100, height: 100 });
  assert.equal(auc.max, 0.9, 'the scale takes the champion in');
  assert.equal(auc.championY, 8);
  assert.deepEqual(auc.points.map(p => p.kind), ['value', 'value']);
  assert.equal(auc.points[1].title, 'auc 0.7, run r9; −0.2 against the champion (0.9)');
  const [unknown] = metricCharts([run('r9', 9, 'succeeded', { auc: 0.7 })], { champion: null, championMetrics: { auc: 0.9 } });
  assert.equal(unknown.championY, null, 'metrics without a champion run are not a champion');
});
