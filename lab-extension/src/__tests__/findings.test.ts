/** Grouping findings by cell, and keeping ruff's findings beside a while-typing answer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Finding } from '../api';
import { cellLabel } from '../cells';
import { countBySeverity, groupByCell, summarize, withCellIds, withStandardFindings } from '../findings';

function finding(over: Partial<Finding>): Finding {
  return {
    rule: 'JS101', source: 'jupyship', severity: 'warning', message: 'm', cell: 0, cellId: 'a', line: 1, column: 1,
    endLine: 1, endColumn: 2, fixable: false, notebookLevel: false, ...over
  };
}

test('groups by cell in notebook order, notebook-level findings first, worst severity per group', () => {
  const groups = groupByCell([
    finding({ cell: 4, cellId: 'e', line: 2, severity: 'info' }),
    finding({ cell: -1, cellId: null, notebookLevel: true, rule: 'JS201' }),
    finding({ cell: 1, cellId: 'b', severity: 'error', rule: 'JS102' }),
    finding({ cell: 4, cellId: 'e', line: 1, severity: 'warning' })
  ]);
  assert.deepEqual(groups.map(g => [g.cell, g.cellId, g.worst, g.findings.length]), [
    [-1, null, 'warning', 1],
    [1, 'b', 'error', 1],
    [4, 'e', 'warning', 2]
  ]);
  assert.deepEqual(groups[2].findings.map(f => f.line), [1, 2], 'by line within the cell');
});

test('within a line, our finding comes before the standard linter\'s report of the same problem', () => {
  const [group] = groupByCell([
    finding({ rule: 'F821', source: 'ruff', line: 3, column: 22 }),
    finding({ rule: 'JS102', line: 3, column: 22, severity: 'error' })
  ]);
  assert.deepEqual(group.findings.map(f => f.rule), ['JS102', 'F821']);
});

test('counts and summary say what is there, with notes for info', () => {
  const counts = countBySeverity([finding({ severity: 'error' }), finding({ severity: 'error' }), finding({ severity: 'info' })]);
  assert.deepEqual(counts, { error: 2, warning: 0, info: 1 });
  assert.equal(summarize(counts), '2 errors, 1 note');
  assert.equal(summarize({ error: 0, warning: 1, info: 0 }), '1 warning');
  assert.equal(summarize({ error: 0, warning: 0, info: 0 }), 'no findings');
});

test('a quick answer keeps ruff findings only for cells unchanged since the full lint, at their new index', () => {
  const ruffOnUnchanged = finding({ rule: 'F401', source: 'ruff', cell: 0, cellId: 'a' });
  const ruffOnEdited = finding({ rule: 'B018', source: 'ruff', cell: 1, cellId: 'b' });
  const ruffOnDeleted = finding({ rule: 'E501', source: 'ruff', cell: 2, cellId: 'c' });
  const quick = [finding({ rule: 'JS205', cell: 1, cellId: 'b' }), finding({ rule: 'F999', source: 'ruff', cellId: 'x' })];
  const merged = withStandardFindings(
    quick,
    [ruffOnUnchanged, ruffOnEdited, ruffOnDeleted],
    new Map([['a', 'import os'], ['b', 'x'], ['c', 'y']]),
    new Map([['new', ''], ['a', 'import os'], ['b', 'x\nexit()']]),
    new Map([['new', 0], ['a', 1], ['b', 2]])
  );
  assert.deepEqual(merged.map(f => [f.rule, f.cell]), [['JS205', 1], ['F401', 1]]);
});

test('findings from a notebook without cell ids (nbformat before 4.5) get the ids the cells had when it was sent', () => {
  const ruff = [
    finding({ rule: 'F401', source: 'ruff', cell: 1, cellId: null }),
    finding({ rule: 'E501', source: 'ruff', cell: 3, cellId: null }),
    finding({ rule: 'JS201', cell: -1, cellId: null, notebookLevel: true }),
    finding({ rule: 'X1', source: 'ruff', cell: 9, cellId: null })
  ];
  const located = withCellIds(ruff, ['a', 'b', 'c', 'd']);
  assert.deepEqual(located.map(f => f.cellId), ['b', 'd', null, null]);
  // ...so that a full lint's ruff findings are kept, moved with their cell when one is inserted above.
  const sources = new Map([['a', ''], ['b', 'import os'], ['c', ''], ['d', 'x = 1']]);
  const merged = withStandardFindings([], located, sources, new Map([['new', ''], ...sources]), new Map([['new', 0], ['a', 1], ['b', 2], ['c', 3], ['d', 4]]));
  assert.deepEqual(merged.map(f => [f.rule, f.cell]), [['F401', 2], ['E501', 4]]);
});

test('one cell numbering: from 1 over all cells', () => {
  assert.equal(cellLabel(0), 'cell 1');
  assert.equal(cellLabel(3, true), 'Cell 4');
});
