/**
 * What a comparison of a run's model with the champion's says, in words and rows for the run view:
 * how often the two agree, each model's metrics on the rows side by side, the rows they differ on most.
 * Pure, so its unit test needs no DOM.
 */
import { ModelComparison } from './api';

/** A number as people read it: at most four significant digits, no trailing zeros. */
export function figure(value: unknown): string {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  }
  return value === null || value === undefined ? '—' : JSON.stringify(value);
}

/** "Agree on 87.5% of 200 rows (175), within 0.05; mean difference 0.021, largest 0.31." */
export function agreementSentence(report: ModelComparison): string {
  const s = report.summary;
  const share = `${figure(Math.round(s.agreement * 1000) / 10)}% of ${report.rows} rows (${s.agreeing_rows})`;
  if (s.kind === 'numeric') {
    return `Agree on ${share}, within ${figure(s.tolerance)}; mean difference ${figure(s.mean_abs_difference)}, largest ${figure(s.max_abs_difference)}.`;
  }
  return `Agree on ${share}.`;
}

/** Each metric the labels gave, with A's and B's value: [name, a, b]. */
export function metricRows(report: ModelComparison): Array<[string, string, string]> {
  const [a, b] = report.summary.metrics ?? [];
  if (!a || !b) {
    return [];
  }
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return names.map(name => [name, figure(a[name]), figure(b[name])]);
}

/** The rows the two differ on most: [row, a, b, the row's input as one line]. */
export function differenceRows(report: ModelComparison): Array<[string, string, string, string]> {
  return report.summary.largest_differences.map(d => [String(d.row + 1), figure(d.a), figure(d.b), JSON.stringify(d.input)]);
}
