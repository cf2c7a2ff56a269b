/**
 * What the lint panel shows of the findings, given its controls: which severities and which rule
 * are shown, and the order (errors first, notebook order, or by rule). The same problem reported
 * at one spot by our rule and by ruff is one row; by rule, a rule repeated over many cells is one
 * group with its count, so 39 JS502s read as one line until opened. Plain TypeScript: unit-tested
 * without JupyterLab.
 */
import { Finding, Severity } from './api';
import { groupByCell, isStandard, worstOf } from './findings';

export type Order = 'errors' | 'cells' | 'rules';

export const ORDERS: ReadonlyArray<{ value: Order; label: string }> = [
  { value: 'errors', label: 'Errors first' },
  { value: 'cells', label: 'Notebook order' },
  { value: 'rules', label: 'By rule' }
];

export interface LintFilter {
  severities: ReadonlySet<Severity>;
  /** Only this rule's findings; null for every rule. */
  rule: string | null;
}

export const ALL_SEVERITIES: ReadonlySet<Severity> = new Set<Severity>(['error', 'warning', 'info']);

/** One row of the panel: a finding, and the same spot's reports by another linter. */
export interface Row {
  finding: Finding;
  also: Finding[];
}

export interface ViewGroup {
  /** Stable across answers, to keep a group folded or open: `cell:3`, `cell:-1`, `rule:JS502`. */
  key: string;
  /** The cell of a cell group (-1: the whole notebook); for a rule group, its first finding's cell. */
  cell: number;
  /** Set for a rule group. */
  rule: string | null;
  rows: Row[];
  worst: Severity;
  /** Findings in the group, the ones folded into rows included. */
  count: number;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function filterFindings(findings: readonly Finding[], filter: LintFilter): Finding[] {
  return findings.filter(f => filter.severities.has(f.severity) && (filter.rule === null || f.rule === filter.rule));
}

/** The rules that found something, with their counts, most frequent first, for the rule filter. */
export function rulesFound(findings: readonly Finding[]): Array<{ rule: string; count: number }> {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    counts.set(finding.rule, (counts.get(finding.rule) ?? 0) + 1);
  }
  return [...counts.entries()].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}

/**
 * Folds a standard linter's report into ours at the same cell, line and column: JS102 and ruff's
 * F821 on one undefined name are one problem. Expects findings sorted as groupByCell sorts them
 * (by line and column, ours first).
 */
export function sameSpotRows(findings: readonly Finding[]): Row[] {
  const rows: Row[] = [];
  for (const finding of findings) {
    const last = rows[rows.length - 1];
    if (
      last &&
      isStandard(finding) &&
      !isStandard(last.finding) &&
      !last.finding.notebookLevel &&
      last.finding.cell === finding.cell &&
      last.finding.line === finding.line &&
      last.finding.column === finding.column
    ) {
      last.also.push(finding);
    } else {
      rows.push({ finding, also: [] });
    }
  }
  return rows;
}

/** The groups the panel shows, in the order asked for. */
export function arrange(findings: readonly Finding[], order: Order): ViewGroup[] {
  if (order === 'rules') {
    return byRule(findings);
  }
  const groups: ViewGroup[] = groupByCell(findings).map(group => ({
    key: `cell:${group.cell}`,
    cell: group.cell,
    rule: null,
    rows: sameSpotRows(group.findings),
    worst: group.worst,
    count: group.findings.length
  }));
  if (order === 'errors') {
    // Stable: within one severity, the notebook's order (the whole notebook's findings first).
    groups.sort((a, b) => RANK[a.worst] - RANK[b.worst]);
  }
  return groups;
}

function byRule(findings: readonly Finding[]): ViewGroup[] {
  const byRuleId = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byRuleId.get(finding.rule) ?? [];
    list.push(finding);
    byRuleId.set(finding.rule, list);
  }
  return [...byRuleId.entries()]
    .map(([rule, list]) => {
      const sorted = [...list].sort((a, b) => cellOf(a) - cellOf(b) || a.line - b.line || a.column - b.column);
      return { key: `rule:${rule}`, cell: cellOf(sorted[0]), rule, rows: sorted.map(finding => ({ finding, also: [] })), worst: worstOf(sorted), count: sorted.length };
    })
    .sort((a, b) => RANK[a.worst] - RANK[b.worst] || b.count - a.count || a.rule.localeCompare(b.rule));
}

function cellOf(finding: Finding): number {
  return finding.notebookLevel || finding.cell < 0 ? -1 : finding.cell;
}

/** The badge on the panel's tab: errors and warnings (notes are not worth a badge); '' when none. */
export function tabBadge(findings: readonly Finding[]): string {
  const count = findings.filter(f => f.severity !== 'info').length;
  return count === 0 ? '' : count > 99 ? '99+' : String(count);
}

/**
 * Findings as plain text for the clipboard, one a line as the CLI prints them
 * (`train.ipynb cell 3 1:7 error JS102 message`), in the order shown.
 */
export function findingsAsText(path: string, groups: readonly ViewGroup[]): string {
  const lines: string[] = [];
  for (const group of groups) {
    for (const { finding, also } of group.rows) {
      for (const f of [finding, ...also]) {
        const place = f.notebookLevel || f.cell < 0 ? '' : ` cell ${f.cell + 1} ${f.line}:${f.column}`;
        lines.push(`${path}${place} ${f.severity} ${f.rule}${f.source === 'jupyship' ? '' : ` (${f.source})`} ${f.message}`);
      }
    }
  }
  return lines.join('\n');
}
