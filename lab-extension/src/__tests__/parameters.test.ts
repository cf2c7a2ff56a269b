/** The deploy dialog's fields: which, their defaults, and each typed value checked against the contract. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultText, fieldProblem, FieldSpec, fieldSpecs, parametersCellValues, parameterValues } from '../parameters';

const quickstartCell = 'run_date = "2026-01-01"\noutput_dir = "outputs"\nslope_prior = 0.0  # a prior\nseed: int = 42\nprint(seed)';

test('the parameters cell\'s literals, as written, from the cell tagged parameters only', () => {
  const values = parametersCellValues([
    { source: 'seed = 1', tags: [] },
    { source: quickstartCell, tags: ['parameters'] }
  ]);
  assert.deepEqual([...values], [['run_date', '"2026-01-01"'], ['output_dir', '"outputs"'], ['slope_prior', '0.0'], ['seed', '42']]);
  assert.equal(parametersCellValues([{ source: 'seed = 1', tags: [] }]).size, 0);
});

test('fields follow the gate\'s answer when it is in, without the platform\'s output_dir, each with its default', () => {
  const declared = { seed: { type: 'int', description: 'the random seed' }, output_dir: { type: 'str' }, slope_prior: { type: 'float', default: 0.0 } };
  const cell = parametersCellValues([{ source: quickstartCell, tags: ['parameters'] }]);
  const before = fieldSpecs(declared, null, cell);
  assert.deepEqual(before.map(f => [f.name, f.type, defaultText(f)]), [['seed', 'int', '42'], ['slope_prior', 'float', '0']]);
  const checked = fieldSpecs(declared, [
    { name: 'run_date', type: 'date', required: false },
    { name: 'seed', type: 'int', required: true, min: 1 },
    { name: 'slope_prior', type: 'float', required: false, default: 0.5 }
  ], cell);
  assert.deepEqual(checked.map(f => [f.name, defaultText(f)]), [['run_date', '"2026-01-01"'], ['seed', '42'], ['slope_prior', '0.5']]);
  assert.equal(checked[1].description, 'the random seed');
  assert.deepEqual(fieldSpecs(declared, [], cell).map(f => f.name), ['seed', 'slope_prior'], 'an answer without parameters keeps the fields');
  assert.equal(defaultText({ name: 'x', type: 'str', required: false }), null);
});

test('each field is checked against its type, bounds and allowed values, in words that name the problem', () => {
  const seed: FieldSpec = { name: 'seed', type: 'int', required: true, min: 1, max: 100 };
  assert.equal(fieldProblem(seed, 'abc'), "must be a whole number, not 'abc'");
  assert.equal(fieldProblem(seed, '0'), 'is below the minimum 1');
  assert.equal(fieldProblem(seed, '101'), 'is above the maximum 100');
  assert.equal(fieldProblem(seed, ' 7 '), null);
  assert.equal(fieldProblem(seed, ''), 'required: give a value');
  assert.equal(fieldProblem({ ...seed, cellValue: '42' }, ''), null, 'empty keeps the notebook\'s value');
  const day: FieldSpec = { name: 'day', type: 'date', required: false, min: '2026-01-01' };
  assert.equal(fieldProblem(day, '2026-02-30'), "must be a date, YYYY-MM-DD, not '2026-02-30'");
  assert.equal(fieldProblem(day, '2025-12-31'), 'is below the minimum "2026-01-01"');
  assert.equal(fieldProblem(day, '2026-03-01'), null);
  const mode: FieldSpec = { name: 'mode', type: 'str', required: false, allowed: ['fast', 'full'] };
  assert.equal(fieldProblem(mode, 'slow'), 'must be one of "fast", "full"');
  assert.equal(fieldProblem({ name: 'cols', type: 'list', required: false }, '{"a": 1}'), `must be a JSON list, not '{"a": 1}'`);
  assert.equal(fieldProblem({ name: 'flag', type: 'bool', required: false }, 'True'), null);
  assert.equal(fieldProblem({ name: 'rate', type: 'float', required: false }, '1e-3'), null);
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
