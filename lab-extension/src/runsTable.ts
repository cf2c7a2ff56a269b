/**
 * The workspace's runs as the Runs view shows them: filtered by notebook and status, sorted by a
 * column, each run's parameters and metrics in a line, and two runs compared field by field. Plain
 * TypeScript: unit-tested without JupyterLab.
 */
import { RunStatus, RunSummary } from './api';

export type SortKey = 'notebook' | 'started' | 'duration' | 'status';

export interface RunFilter {
  /** Part of the notebook's path, any case; '' for every notebook. */
  notebook: string;
  /** '' for every status. */
  status: RunStatus | '';
}

export function filterRuns(runs: readonly RunSummary[], filter: RunFilter): RunSummary[] {
  const part = filter.notebook.trim().toLowerCase();
  return runs.filter(run => (!part || run.notebook.toLowerCase().includes(part)) && (!filter.status || run.status === filter.status));
}

/** How long a run took, or has run so far (ms). */
function took(run: RunSummary, now: number): number {
  return (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.createdAt);
}

/** Sorted by a column, ascending or not; ties keep the newest first (the API's order). */
export function sortRuns(runs: readonly RunSummary[], key: SortKey, ascending: boolean, now = Date.now()): RunSummary[] {
  const value = (run: RunSummary): string | number =>
    key === 'notebook' ? run.notebook : key === 'status' ? run.status : key === 'duration' ? took(run, now) : Date.parse(run.createdAt);
  return runs
    .map((run, index) => ({ run, index }))
    .sort((a, b) => {
      const x = value(a.run);
      const y = value(b.run);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return (ascending ? order : -order) || a.index - b.index;
    })
    .map(({ run }) => run);
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(Number(value.toPrecision(4))) : JSON.stringify(value);
}

/** "seed=42, mode=fast": values in one short line, cut past `max` characters. */
export function valuesLine(values: Record<string, unknown> | null | undefined, max = 60): string {
  const text = Object.entries(values ?? {}).map(([name, value]) => `${name}=${show(value)}`).join(', ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface ComparedField {
  kind: 'parameter' | 'metric';
  name: string;
  left: string;
  right: string;
  changed: boolean;
}

/** Two runs side by side: every parameter and metric either has, '' where one lacks it, the differences marked. */
export function compareRuns(left: RunSummary, right: RunSummary): ComparedField[] {
  const fields: ComparedField[] = [];
  for (const kind of ['parameter', 'metric'] as const) {
    const a = (kind === 'parameter' ? left.parameters : left.metrics) ?? {};
    const b = (kind === 'parameter' ? right.parameters : right.metrics) ?? {};
    for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const l = name in a ? show(a[name]) : '';
      const r = name in b ? show(b[name]) : '';
      fields.push({ kind, name, left: l, right: r, changed: l !== r });
    }
  }
  return fields;
}
