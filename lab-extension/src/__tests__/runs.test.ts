/** Deploy helpers: final statuses, run links in the workspace, contract parameters and typed values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contractParameters, duration, isFinal, newIdempotencyKey, parameterValues, workspacePath } from '../runs';

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

test('typed values are converted to the declared types; empty fields keep the notebook\'s', () => {
  const declared = { seed: { type: 'int' }, rate: { type: 'float' }, run_date: { type: 'date' }, flag: { type: 'bool' }, cols: { type: 'list' } };
  assert.deepEqual(parameterValues({ seed: '7', rate: '0.5', run_date: '2026-01-02', flag: 'True', cols: '["a"]' }, declared), {
    seed: 7, rate: 0.5, run_date: '2026-01-02', flag: true, cols: ['a']
  });
  assert.deepEqual(parameterValues({ seed: ' ', rate: '' }, declared), {});
  assert.throws(() => parameterValues({ seed: '7.5' }, declared), /parameter 'seed' must be a whole number, not '7.5'/);
  assert.throws(() => parameterValues({ flag: 'yes' }, declared), /parameter 'flag' must be true or false/);
  assert.throws(() => parameterValues({ cols: '[a' }, declared), /parameter 'cols' must be a JSON list/);
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
