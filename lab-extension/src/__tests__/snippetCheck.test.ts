/** The names a snippet would read before any cell defines them, from JS102's findings on the notebook after the insert. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Finding } from '../api';
import { namesMissingAbove } from '../snippetCheck';

function js102(cell: number, line: number, column: number, length: number): Finding {
  return {
    rule: 'JS102', source: 'jupyship', severity: 'error', message: 'm', cell, cellId: null, line, column,
    endLine: line, endColumn: column + length, fixable: false, notebookLevel: false
  };
}

test('names read from the inserted cells only, each once, in the order found', () => {
  const sources = ['x = 1', 'print(y)', 'metrics = evaluate(model, X_valid)\nprint(model)', 'print(z)'];
  const findings = [js102(1, 1, 7, 1), js102(2, 1, 20, 5), js102(2, 1, 27, 7), js102(2, 2, 7, 5), js102(3, 1, 7, 1)];
  assert.deepEqual(namesMissingAbove(findings, 2, 1, sources), ['model', 'X_valid']);
  assert.deepEqual(namesMissingAbove(findings, 1, 3, sources), ['y', 'model', 'X_valid', 'z']);
  assert.deepEqual(namesMissingAbove([], 0, 4, sources), []);
});

test('other rules and spans that are not a name are left out', () => {
  const other = { ...js102(0, 1, 1, 1), rule: 'F821' };
  assert.deepEqual(namesMissingAbove([other, js102(0, 1, 1, 3)], 0, 1, ['a + b']), []);
});
