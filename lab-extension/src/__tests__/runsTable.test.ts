/** The Runs view's logic: filters, sorting, one-line values, and two runs compared. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunSummary } from '../api';
import { compareRuns, filterRuns, sortRuns, valuesLine } from '../runsTable';

function run(over: Partial<RunSummary>): RunSummary {
  return {
    id: 'r', notebook: 'a.ipynb', status: 'succeeded', createdAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:10Z',
    commit: null, failure: null, metrics: null, parameters: {}, ...over
  };
}

const runs = [
  run({ id: '3', notebook: 'models/train.ipynb', status: 'failed', createdAt: '2026-01-03T00:00:00Z', finishedAt: '2026-01-03T00:01:00Z' }),
  run({ id: '2', notebook: 'eda.ipynb', createdAt: '2026-01-02T00:00:00Z', finishedAt: '2026-01-02T00:00:05Z' }),
  run({ id: '1', notebook: 'models/Train.ipynb', status: 'running', createdAt: '2026-01-01T00:00:00Z', finishedAt: null })
];

test('filters by part of the notebook\'s path, any case, and by status', () => {
  assert.deepEqual(filterRuns(runs, { notebook: 'train', status: '' }).map(r => r.id), ['3', '1']);
  assert.deepEqual(filterRuns(runs, { notebook: '', status: 'failed' }).map(r => r.id), ['3']);
  assert.deepEqual(filterRuns(runs, { notebook: 'TRAIN', status: 'succeeded' }), []);
});

test('sorts by a column either way; a run in flight lasts until now', () => {
  const now = Date.parse('2026-01-05T00:00:00Z');
  assert.deepEqual(sortRuns(runs, 'started', true, now).map(r => r.id), ['1', '2', '3']);
  assert.deepEqual(sortRuns(runs, 'duration', false, now).map(r => r.id), ['1', '3', '2']);
  assert.deepEqual(sortRuns(runs, 'notebook', true, now).map(r => r.id), ['2', '1', '3']);
  assert.deepEqual(sortRuns(runs, 'status', true, now).map(r => r.id), ['3', '1', '2']);
});

test('values in one line, numbers to four significant digits, cut when long', () => {
  assert.equal(valuesLine({ seed: 42, rate: 0.123456, mode: 'fast' }), 'seed=42, rate=0.1235, mode=fast');
  assert.equal(valuesLine({ text: 'x'.repeat(100) }, 20).length, 20);
  assert.equal(valuesLine(null), '');
});

test('two runs compared: parameters then metrics, each name once, the differences marked', () => {
  const fields = compareRuns(run({ parameters: { seed: 1, n: 5 }, metrics: { rmse: 0.1 } }), run({ parameters: { seed: 2, n: 5 }, metrics: { rmse: 0.1, r2: 0.9 } }));
  assert.deepEqual(fields.map(f => [f.kind, f.name, f.left, f.right, f.changed]), [
    ['parameter', 'n', '5', '5', false],
    ['parameter', 'seed', '1', '2', true],
    ['metric', 'r2', '', '0.9', true],
    ['metric', 'rmse', '0.1', '0.1', false]
  ]);
});
