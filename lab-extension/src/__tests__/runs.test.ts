/** Deploy helpers: final statuses, run links in the workspace, contract parameters and typed values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BIG_CHANGE, contractParameters, describeChange, duration, failureHeadline, isFinal, metricChanges, metricProblems, newIdempotencyKey,
  runTitle, startedLabel, workspacePath
} from '../runs';

test('final statuses', () => {
  assert.deepEqual(['queued', 'running', 'succeeded', 'failed', 'cancelled'].map(s => isFinal(s as never)), [false, false, true, true, true]);
});

test('a local-store link opens in JupyterLab when it is under the server root', () => {
  const link = 'file:///home/me/work/.jupyship/runs/work/quick%20start.ipynb/20261128T042410Z-wx6fcq/executed.ipynb';
  assert.equal(workspacePath(link, '/home/me/work'), '.jupyship/runs/work/quick start.ipynb/20261128T042410Z-wx6fcq/executed.ipynb');
  assert.equal(workspacePath(link, '/home/me/work/'), '.jupyship/runs/work/quick start.ipynb/20261128T042410Z-wx6fcq/executed.ipynb');
  assert.equal(workspacePath(link, '/home/me/wor'), null, 'a prefix of a folder name is not that folder');
  assert.equal(workspacePath('gs://bucket/runs/x/executed.ipynb', '/home/me/work'), null);
  assert.equal(workspacePath(undefined, '/home/me/work'), null);
});

test('contract parameters come from metadata.jupyship.contract, or none', () => {
  assert.deepEqual(contractParameters({ jupyship: { contract: { parameters: { seed: { type: 'int' } } } } }), { seed: { type: 'int' } });
  assert.deepEqual(contractParameters({}), {});
  assert.deepEqual(contractParameters({ jupyship: { contract: { parameters: ['seed'] } } }), {});
  assert.deepEqual(contractParameters(null), {});
});

test('durations read as a person says them', () => {
  assert.equal(duration('2026-01-01T00:00:00Z', '2026-01-01T00:00:12Z'), '12 s');
  assert.equal(duration('2026-01-01T00:00:00Z', '2026-01-01T00:03:04Z'), '3 min 4 s');
  assert.equal(duration('2026-01-01T00:00:00Z', null, Date.parse('2026-01-01T00:00:05Z')), '5 s');
});

test('each deploy dialog has its own idempotency key', () => {
  const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
  assert.equal(keys.size, 100);
  for (const key of keys) {
    assert.match(key, /^lab-[0-9a-z-]{8,}$/);
  }
});

test('a failure names its cell as every view does, counted from 1 over all cells', () => {
  const raised = { kind: 'cell-error', summary: 'cell 3 raised ValueError: no rows', cell: 2, source: 'x', ename: 'ValueError', evalue: 'no rows', traceback: [] };
  assert.equal(failureHeadline(raised), 'Cell 3 raised ValueError: no rows');
  assert.equal(failureHeadline({ ...raised, evalue: '' }), 'Cell 3 raised ValueError');
  const lost = { kind: 'interrupted', summary: 'the process running it stopped', cell: null, source: null, ename: null, evalue: null, traceback: null };
  assert.equal(failureHeadline(lost), 'the process running it stopped');
  assert.equal(failureHeadline({ ...lost, cell: 4 }), 'the process running it stopped', 'no exception: the summary, with the cell linked beside it');
});

test('metrics are checked against the contract\'s bounds and required keys', () => {
  const metadata = { jupyship: { contract: { outputs: { metrics: { keys: { mae: { max: 1.0 }, rmse: { min: 0, max: 0.5 }, n: { min: 50 }, run_date: {} } } } } } };
  assert.deepEqual(metricProblems({ mae: 4.2, rmse: 0.1, n: 10, run_date: '2026-01-01' }, metadata), [
    'mae is 4.2; the contract allows at most 1',
    'n is 10; the contract allows at least 50'
  ]);
  assert.deepEqual(metricProblems({ mae: 'high', rmse: 0.1, n: 60 }, metadata), [
    'mae is "high", not a finite number; the contract bounds it',
    'run_date is missing; the contract requires it'
  ]);
  assert.deepEqual(metricProblems({ mae: 0.5, rmse: 0.5, n: 50, run_date: 'x' }, metadata), [], 'bounds are inclusive');
  assert.deepEqual(metricProblems(null, { jupyship: { contract: { outputs: { metrics: { keys: ['accuracy'] } } } } }), ['accuracy is missing; the contract requires it']);
  assert.deepEqual(metricProblems({ a: 1 }, {}), [], 'no contract, nothing to break');
});

test('metric changes: against the previous succeeded run, the largest relative move first', () => {
  const changes = metricChanges({ metrics: { rmse: 2.87, r2: 0.5, n: 100, note: 'x' }, change: { rmse: 2.773, r2: -0.1, n: 0 } });
  assert.deepEqual(changes.map(c => c.name), ['rmse', 'r2'], 'unchanged and non-numeric metrics left out');
  assert.equal(describeChange(changes[0]), 'rmse 0.097 → 2.87');
  assert.ok(changes[0].relative > BIG_CHANGE && changes[1].relative < BIG_CHANGE);
  assert.deepEqual(metricChanges({ metrics: { a: 1 }, change: null }), [], 'the first run has nothing to compare with');
  assert.equal(metricChanges({ metrics: { a: 1 }, change: { a: 1 } })[0].relative, Infinity, 'from zero');
});

test('a run\'s tab title names its notebook and start', () => {
  assert.match(runTitle('models/train.ipynb', '2026-01-01T10:11:12Z'), /^train\.ipynb \d\d:\d\d:\d\d$/);
  assert.equal(runTitle('train.ipynb', 'not a time'), 'train.ipynb not a time');
});

test('a run\'s start in a sidebar row: the time today, the day and time before', () => {
  const now = new Date(2026, 5, 10, 15, 0, 0);
  assert.equal(startedLabel(new Date(2026, 5, 10, 9, 8, 7).toISOString(), now), '09:08:07');
  assert.equal(startedLabel(new Date(2026, 5, 9, 23, 59, 1).toISOString(), now), 'Jun 9 23:59');
});
