/**
 * Pure helpers for deploy and runs: which statuses are final, where a run's file is in the
 * workspace, the contract's parameters, a failure's headline and metrics outside the contract's
 * bounds. No JupyterLab imports.
 */
import { ContractParameter, RunFailure, RunStatus } from './api';
import { cellLabel } from './cells';

export function isFinal(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/**
 * A run link (`file:///abs/path`) as a path JupyterLab can open: relative to the server's root,
 * or null when the file is elsewhere (another store, outside the workspace).
 */
export function workspacePath(link: string | undefined, serverRoot: string): string | null {
  if (!link || !link.startsWith('file://') || !serverRoot) {
    return null;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(link).pathname);
  } catch {
    return null;
  }
  const root = serverRoot.replace(/\/+$/, '');
  return path.startsWith(root + '/') ? path.substring(root.length + 1) : null;
}

/** metadata.jupyship.contract.parameters, or an empty object when the notebook declares none. */
export function contractParameters(metadata: unknown): Record<string, ContractParameter> {
  const jupyship = (metadata as { jupyship?: { contract?: { parameters?: unknown } } } | null)?.jupyship;
  const parameters = jupyship?.contract?.parameters;
  return parameters && typeof parameters === 'object' && !Array.isArray(parameters)
    ? (parameters as Record<string, ContractParameter>)
    : {};
}

/**
 * A key for one deploy dialog's request, so that a retried request gives back the same run; from
 * the browser's UUIDs where it has them (secure contexts), else time and randomness.
 */
export function newIdempotencyKey(): string {
  const uuid = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto?.randomUUID;
  return uuid ? `lab-${uuid.call(globalThis.crypto)}` : `lab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** "12 s", "3 min 4 s": how long a run took or has been running. */
export function duration(fromIso: string, toIso?: string | null, now = Date.now()): string {
  const end = toIso ? Date.parse(toIso) : now;
  const seconds = Math.max(0, Math.round((end - Date.parse(fromIso)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * A failure's first line with the cell named as every view names it; the cell's own words
 * (exception and message) when it raised, else the sidecar's summary.
 */
export function failureHeadline(failure: RunFailure): string {
  if (failure.cell !== null && failure.cell !== undefined && failure.ename) {
    return `${cellLabel(failure.cell, true)} raised ${failure.ename}${failure.evalue ? `: ${failure.evalue}` : ''}`;
  }
  return failure.summary;
}

/**
 * What in a run's metrics breaks the contract's `outputs.metrics.keys` (docs/contract.md): a
 * required key missing, a bounded key that is not a finite number, or a value outside its bounds.
 * Empty when the contract says nothing about metrics.
 */
export function metricProblems(metrics: Record<string, unknown> | null | undefined, metadata: unknown): string[] {
  const keys = (metadata as { jupyship?: { contract?: { outputs?: { metrics?: { keys?: unknown } } } } } | null)?.jupyship?.contract?.outputs
    ?.metrics?.keys;
  if (!keys || typeof keys !== 'object') {
    return [];
  }
  const bounds: Record<string, { min?: unknown; max?: unknown }> = Array.isArray(keys)
    ? Object.fromEntries(keys.filter(k => typeof k === 'string').map(k => [k, {}]))
    : (keys as Record<string, { min?: unknown; max?: unknown }>);
  const problems: string[] = [];
  for (const [name, bound] of Object.entries(bounds)) {
    const value = metrics?.[name];
    const { min, max } = bound ?? {};
    if (value === undefined) {
      problems.push(`${name} is missing; the contract requires it`);
    } else if (typeof min === 'number' || typeof max === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.push(`${name} is ${JSON.stringify(value)}, not a finite number; the contract bounds it`);
      } else if (typeof min === 'number' && value < min) {
        problems.push(`${name} is ${value}; the contract allows at least ${min}`);
      } else if (typeof max === 'number' && value > max) {
        problems.push(`${name} is ${value}; the contract allows at most ${max}`);
      }
    }
  }
  return problems;
}

/** One metric's move against the previous succeeded run of the notebook. */
export interface MetricChange {
  name: string;
  before: number;
  after: number;
  /** |after - before| over |before| (Infinity from 0): how big the move is, whatever the scale. */
  relative: number;
}

/** A change this large (50 %) is marked on the runs row: rmse 0.097 → 2.87 must not go unseen. */
export const BIG_CHANGE = 0.5;

/**
 * The metrics that moved against the previous succeeded run, largest relative move first, from a
 * point of GET /api/runs/metrics (`change` is after minus before).
 */
export function metricChanges(point: { metrics: Record<string, unknown> | null; change?: Record<string, number> | null }): MetricChange[] {
  const changes: MetricChange[] = [];
  for (const [name, delta] of Object.entries(point.change ?? {})) {
    const after = point.metrics?.[name];
    if (typeof after !== 'number' || typeof delta !== 'number' || delta === 0) {
      continue;
    }
    const before = after - delta;
    changes.push({ name, before, after, relative: before === 0 ? Infinity : Math.abs(delta / before) });
  }
  return changes.sort((a, b) => b.relative - a.relative || a.name.localeCompare(b.name));
}

/** "rmse 0.097 → 2.87": a change as the runs row shows it, numbers to three significant digits. */
export function describeChange(change: MetricChange): string {
  const show = (n: number) => String(Number(n.toPrecision(3)));
  return `${change.name} ${show(change.before)} → ${show(change.after)}`;
}

/** "train.ipynb 14:03:07": a run's tab title, by its notebook's name and its start, local time. */
export function runTitle(notebook: string, createdAt: string): string {
  const name = notebook.split('/').pop() || notebook;
  const at = new Date(createdAt);
  return `${name} ${Number.isNaN(at.getTime()) ? createdAt : at.toTimeString().slice(0, 8)}`;
}

/** When a run started, short enough for a sidebar row: the time today, else the day and time. */
export function startedLabel(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) {
    return iso;
  }
  const time = at.toTimeString().slice(0, 8);
  return at.toDateString() === now.toDateString() ? time : `${at.toLocaleDateString('en', { month: 'short', day: 'numeric' })} ${time.slice(0, 5)}`;
}
