/**
 * Findings as the lint panel shows them: grouped by cell, worst first within the notebook's order,
 * and ruff's findings from the last full lint kept beside a while-typing answer for the cells that
 * have not changed since. Plain TypeScript: unit-tested without JupyterLab.
 */
import { Finding, Severity } from './api';

/** The name our own rules carry in `source`; anything else is a standard linter's. */
export const OWN_SOURCE = 'jupyship';

export interface CellGroup {
  /** -1 for the findings about the whole notebook */
  cell: number;
  cellId: string | null;
  findings: Finding[];
  /** The worst severity in the group, for the cell's marker. */
  worst: Severity;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function isStandard(finding: Finding): boolean {
  return finding.source !== OWN_SOURCE;
}

export function worstOf(findings: readonly Finding[]): Severity {
  return findings.reduce<Severity>((worst, f) => (RANK[f.severity] < RANK[worst] ? f.severity : worst), 'info');
}

/**
 * Groups by cell in notebook order, notebook-level findings first; within a cell by line, then
 * column, then ours before the standard linter's, so the same problem reported by both sits together.
 */
export function groupByCell(findings: readonly Finding[]): CellGroup[] {
  const groups = new Map<number, Finding[]>();
  for (const finding of findings) {
    const cell = finding.notebookLevel || finding.cell < 0 ? -1 : finding.cell;
    let list = groups.get(cell);
    if (!list) {
      list = [];
      groups.set(cell, list);
    }
    list.push(finding);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([cell, list]) => {
      const sorted = [...list].sort(
        (a, b) =>
          a.line - b.line ||
          a.column - b.column ||
          Number(isStandard(a)) - Number(isStandard(b)) ||
          RANK[a.severity] - RANK[b.severity] ||
          a.rule.localeCompare(b.rule)
      );
      return { cell, cellId: sorted.find(f => f.cellId)?.cellId ?? null, findings: sorted, worst: worstOf(sorted) };
    });
}

/**
 * Gives each finding on a cell the id of the cell it was found in. Notebooks older than nbformat 4.5
 * have no cell ids on disk, so the sidecar answers `cellId: null` with the cell's index; the
 * editor's ids, in the order the cells had when the notebook was sent, stand in for them.
 */
export function withCellIds(findings: readonly Finding[], idsThen: readonly string[]): Finding[] {
  return findings.map(finding =>
    finding.cellId === null && !finding.notebookLevel && finding.cell >= 0 && finding.cell < idsThen.length
      ? { ...finding, cellId: idsThen[finding.cell] }
      : finding
  );
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) {
    counts[finding.severity]++;
  }
  return counts;
}

/**
 * Merges a while-typing answer (our rules only) with the standard findings of the last full lint,
 * keeping those only for cells whose text is the same now as when they were found: a ruff finding
 * on an edited cell may point at a line that moved, so it waits for the next save.
 *
 * @param sourcesThen cell id to source at the time of the full lint
 * @param sourcesNow cell id to source now
 * @param cellIndexNow cell id to its index now (cells may have moved)
 */
export function withStandardFindings(
  quick: readonly Finding[],
  previousStandard: readonly Finding[],
  sourcesThen: ReadonlyMap<string, string>,
  sourcesNow: ReadonlyMap<string, string>,
  cellIndexNow: ReadonlyMap<string, number>
): Finding[] {
  const kept: Finding[] = [];
  for (const finding of previousStandard) {
    const id = finding.cellId;
    if (id === null) {
      continue;
    }
    const then = sourcesThen.get(id);
    const index = cellIndexNow.get(id);
    if (then !== undefined && index !== undefined && sourcesNow.get(id) === then) {
      kept.push(index === finding.cell ? finding : { ...finding, cell: index });
    }
  }
  return [...quick.filter(f => !isStandard(f)), ...kept];
}

/** "3 errors, 1 warning" (nothing for zero counts); "no findings" when there are none. */
export function summarize(counts: Record<Severity, number>): string {
  const parts = (['error', 'warning', 'info'] as Severity[])
    .filter(s => counts[s] > 0)
    .map(s => `${counts[s]} ${s === 'info' ? 'note' : s}${counts[s] === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no findings';
}
