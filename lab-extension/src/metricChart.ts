/**
 * The metric history of one notebook as charts, one per numeric metric: its runs oldest to newest
 * along x, each succeeded run's value on y, failed runs marked on the axis, the champion's value as
 * a line and its run ringed, promoted runs marked, and each run's change against the champion in
 * its tooltip. Pure: the runs view draws the model as SVG. No JupyterLab imports.
 */
import { RunStatus, RunSummary } from './api';

/** What a chart needs of a run (chartRuns makes it from the runs list). */
export interface ChartRun {
  id: string;
  createdAt: string;
  status: RunStatus;
  metrics?: Record<string, unknown> | null;
  failure?: string | null;
  /** The promotion gate promoted it. */
  promoted?: boolean;
  /** The gate's reasons for not promoting it. */
  refusal?: string;
}

/** The runs list's rows as the charts take them: promoted, or refused with the gate's reasons. */
export function chartRuns(runs: RunSummary[]): ChartRun[] {
  return runs.map(run => ({
    id: run.id, createdAt: run.createdAt, status: run.status, metrics: run.metrics, failure: run.failure,
    promoted: run.promotion?.decision === 'promoted',
    refusal: run.promotion?.decision === 'not-promoted' ? run.promotion.reasons.join('; ') : undefined
  }));
}

/** The model whose champion the charts mark: the newest decided run's (a contract names one model). */
export function championModel(runs: RunSummary[]): string | null {
  const decided = runs.filter(run => run.promotion).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return decided.length ? decided[0].promotion!.model : null;
}

export type PointKind = 'value' | 'promoted' | 'champion' | 'failed';

export interface ChartPoint {
  run: string;
  kind: PointKind;
  /** In the chart's own units: 0..width, 0..height, y downwards. */
  x: number;
  y: number;
  /** The metric's value; null for a failed run. */
  value: number | null;
  /** The tooltip: value, run, and change against the champion. */
  title: string;
}

export interface MetricChartModel {
  metric: string;
  points: ChartPoint[];
  /** SVG path through the succeeded runs' values, oldest first ('' with fewer than two). */
  line: string;
  /** The champion's value as a y, when the champion is among the runs and has the metric. */
  championY: number | null;
  min: number;
  max: number;
}

export interface ChartOptions {
  /** The notebook's champion run, if any. */
  champion?: string | null;
  /** The champion's metrics, for a champion older than the runs shown. */
  championMetrics?: Record<string, unknown> | null;
  width?: number;
  height?: number;
  /** At most this many runs, the newest (default 30). */
  limit?: number;
  /** At most this many metrics, by name (default 6). */
  metrics?: number;
}

const PAD = 8;

/** Three significant digits, as the runs row shows numbers. */
export function showNumber(n: number): string {
  return String(Number(n.toPrecision(3)));
}

/** "+0.02 against the champion (0.86)", or why there is no change to show. */
export function changeAgainstChampion(value: number, champion: number | undefined): string {
  if (champion === undefined) {
    return 'no champion to compare with';
  }
  const delta = value - champion;
  return delta === 0 ? `the champion's value (${showNumber(champion)})`
    : `${delta > 0 ? '+' : '−'}${showNumber(Math.abs(delta))} against the champion (${showNumber(champion)})`;
}

export function metricCharts(runs: ChartRun[], options: ChartOptions = {}): MetricChartModel[] {
  const width = options.width ?? 320;
  const height = options.height ?? 90;
  const shown = runs
    .filter(run => run.status === 'succeeded' || run.status === 'failed')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .slice(-(options.limit ?? 30));
  const names = new Set<string>();
  for (const run of shown) {
    if (run.status === 'succeeded') {
      for (const [name, value] of Object.entries(run.metrics ?? {})) {
        if (typeof value === 'number' && Number.isFinite(value)) {
          names.add(name);
        }
      }
    }
  }
  const championRun = shown.find(run => run.id === options.champion);
  return [...names].sort().slice(0, options.metrics ?? 6).map(metric => {
    const valueOf = (run: ChartRun): number | undefined => {
      const value = run.status === 'succeeded' ? run.metrics?.[metric] : undefined;
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    };
    const kept = options.championMetrics?.[metric];
    const championValue = championRun ? valueOf(championRun)
      : options.champion && typeof kept === 'number' && Number.isFinite(kept) ? kept : undefined;
    const values = shown.map(valueOf).filter((v): v is number => v !== undefined);
    if (!championRun && championValue !== undefined) {
      values.push(championValue); // an older champion's line stays inside the chart
    }
    const min = Math.min(...values);
    const max = Math.max(...values);
    const y = (value: number) => max === min ? height / 2 : PAD + (max - value) / (max - min) * (height - 2 * PAD);
    const x = (i: number) => shown.length === 1 ? width / 2 : PAD + i * (width - 2 * PAD) / (shown.length - 1);
    const points: ChartPoint[] = [];
    shown.forEach((run, i) => {
      const value = valueOf(run);
      if (run.status === 'failed') {
        points.push({ run: run.id, kind: 'failed', x: x(i), y: height - PAD / 2, value: null,
          title: `run ${run.id} failed${run.failure ? `: ${run.failure}` : ''}` });
      } else if (value !== undefined) {
        const kind: PointKind = run.id === options.champion ? 'champion' : run.promoted ? 'promoted' : 'value';
        const role = kind === 'champion' ? ' (the champion)' : kind === 'promoted' ? ' (promoted)' : '';
        points.push({ run: run.id, kind, x: x(i), y: y(value), value,
          title: `${metric} ${showNumber(value)}, run ${run.id}${role}; ${changeAgainstChampion(value, championValue)}`
            + (run.refusal ? `; not promoted: ${run.refusal}` : '') });
      }
    });
    const line = points.filter(p => p.value !== null).map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`);
    return { metric, points, line: line.length > 1 ? line.join(' ') : '', championY: championValue === undefined ? null : y(championValue), min, max };
  });
}
