/** Findings placed in a cell's editor text: ranges from lines and columns, points widened, stale positions clamped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Finding } from '../api';
import { cellDiagnostics, LineTable } from '../diagnostics';

function table(text: string): LineTable {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      starts.push(i + 1);
    }
  }
  return {
    lines: starts.length,
    line: n => ({ from: starts[n - 1], to: n < starts.length ? starts[n] - 1 : text.length })
  };
}

function finding(over: Partial<Finding>): Finding {
  return {
    rule: 'JS102', source: 'jupyship', severity: 'error', message: 'undefined', cell: 0, cellId: 'a', line: 1, column: 1,
    endLine: 1, endColumn: 2, fixable: false, notebookLevel: false, ...over
  };
}

test('a finding underlines its span, on the line it names, with rule and message', () => {
  const text = 'x = 1\nprint(undefined_name)\n';
  const [d] = cellDiagnostics([finding({ line: 2, column: 7, endLine: 2, endColumn: 21 })], table(text));
  assert.equal(text.slice(d.from, d.to), 'undefined_name');
  assert.deepEqual([d.severity, d.message, d.source], ['error', 'JS102 undefined', 'jupyship']);
});

test('a point is widened to one character; positions past the text are clamped; notebook-level findings are not in a cell', () => {
  const text = 'import os';
  const [point] = cellDiagnostics([finding({ column: 1, endColumn: 1 })], table(text));
  assert.equal(text.slice(point.from, point.to), 'i');
  const [stale] = cellDiagnostics([finding({ line: 5, column: 40, endLine: 6, endColumn: 50 })], table(text));
  assert.ok(stale.from <= text.length && stale.to <= text.length && stale.from <= stale.to);
  assert.deepEqual(cellDiagnostics([finding({ notebookLevel: true, cell: -1 })], table(text)), []);
});
