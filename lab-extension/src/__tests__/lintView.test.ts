/** The lint panel's controls: filters, orders, one row per spot, rules folded with their counts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Finding } from '../api';
import { ALL_SEVERITIES, arrange, filterFindings, findingsAsText, rulesFound, sameSpotRows, tabBadge } from '../lintView';
import { groupByCell } from '../findings';

function finding(over: Partial<Finding>): Finding {
  return {
    rule: 'JS101', source: 'jupyship', severity: 'warning', message: 'm', cell: 0, cellId: 'a', line: 1, column: 1,
    endLine: 1, endColumn: 2, fixable: false, notebookLevel: false, ...over
  };
}

const mixed = [
  finding({ rule: 'JS502', cell: 1, severity: 'info' }),
  finding({ rule: 'JS502', cell: 5, severity: 'info' }),
  finding({ rule: 'JS502', cell: 3, severity: 'info' }),
  finding({ rule: 'JS104', cell: 3, line: 2, severity: 'warning' }),
  finding({ rule: 'JS102', cell: 4, line: 3, column: 7, severity: 'error' }),
  finding({ rule: 'F821', source: 'ruff', cell: 4, line: 3, column: 7, severity: 'warning' }),
  finding({ rule: 'JS201', cell: -1, cellId: null, notebookLevel: true, severity: 'warning' })
];

test('errors first: groups by their worst severity, the notebook order within one severity', () => {
  assert.deepEqual(arrange(mixed, 'errors').map(g => [g.key, g.worst]), [
    ['cell:4', 'error'],
    ['cell:-1', 'warning'],
    ['cell:3', 'warning'],
    ['cell:1', 'info'],
    ['cell:5', 'info']
  ]);
});

test('notebook order: the cells as they come, the whole notebook first', () => {
  assert.deepEqual(arrange(mixed, 'cells').map(g => g.key), ['cell:-1', 'cell:1', 'cell:3', 'cell:4', 'cell:5']);
});

test('the same spot reported by our rule and by ruff is one row, ruff\'s report kept beside it', () => {
  const cell4 = arrange(mixed, 'cells').find(g => g.key === 'cell:4')!;
  assert.equal(cell4.count, 2);
  assert.deepEqual(cell4.rows.map(r => [r.finding.rule, r.also.map(a => a.rule)]), [['JS102', ['F821']]]);
});

test('reports at other spots, or two of ours at one spot, stay rows of their own', () => {
  const rows = sameSpotRows(groupByCell([
    finding({ rule: 'JS102', line: 3, column: 7 }),
    finding({ rule: 'F821', source: 'ruff', line: 3, column: 8 }),
    finding({ rule: 'JS103', line: 5, column: 1 }),
    finding({ rule: 'JS104', line: 5, column: 1 })
  ])[0].findings);
  assert.deepEqual(rows.map(r => [r.finding.rule, r.also.length]), [['JS102', 0], ['F821', 0], ['JS103', 0], ['JS104', 0]]);
});

test('by rule: one group a rule with its count, worst and most frequent first, findings in cell order', () => {
  const groups = arrange(mixed, 'rules');
  assert.deepEqual(groups.map(g => [g.key, g.count]), [
    ['rule:JS102', 1],
    ['rule:F821', 1],
    ['rule:JS104', 1],
    ['rule:JS201', 1],
    ['rule:JS502', 3]
  ]);
  assert.deepEqual(groups[4].rows.map(r => r.finding.cell), [1, 3, 5]);
});

test('filters by severity and by rule', () => {
  assert.deepEqual(filterFindings(mixed, { severities: new Set(['error']), rule: null }).map(f => f.rule), ['JS102']);
  assert.deepEqual(filterFindings(mixed, { severities: ALL_SEVERITIES, rule: 'JS502' }).map(f => f.cell), [1, 5, 3]);
  assert.deepEqual(filterFindings(mixed, { severities: new Set(['error']), rule: 'JS502' }), []);
});

test('the rule filter lists the rules found, most frequent first', () => {
  assert.deepEqual(rulesFound(mixed)[0], { rule: 'JS502', count: 3 });
  assert.equal(rulesFound(mixed).length, 5);
});

test('the tab badge counts errors and warnings, not notes', () => {
  assert.equal(tabBadge(mixed), '4');
  assert.equal(tabBadge([finding({ severity: 'info' })]), '');
  assert.equal(tabBadge(Array.from({ length: 120 }, () => finding({}))), '99+');
});

test('copied findings: one a line, in the order shown, ruff\'s folded reports too, cells counted from 1', () => {
  const text = findingsAsText('nb.ipynb', arrange(mixed, 'errors').slice(0, 2));
  assert.equal(text, [
    'nb.ipynb cell 5 3:7 error JS102 m',
    'nb.ipynb cell 5 3:7 warning F821 (ruff) m',
    'nb.ipynb warning JS201 m'
  ].join('\n'));
});
