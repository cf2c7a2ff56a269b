/**
 * The Runs view, a main-area tab: the workspace's runs in a table that filters by notebook and
 * status and sorts by a column, with each run's parameters and metrics; a click opens the run,
 * cancel or rerun on each row, and any two runs ticked are compared field by field.
 */
import { Widget } from '@lumino/widgets';
import { ChampionView, RunStatus, RunSummary } from '../api';
import { SidecarClient } from '../client';
import { describeError } from '../errors';
import { duration, startedLabel } from '../runs';
import { championModel, chartRuns, metricCharts } from '../metricChart';
import { compareRuns, filterRuns, RunFilter, SortKey, sortRuns, valuesLine } from '../runsTable';
import { h } from './dom';
import { renderMetricCharts } from './MetricChart';
import { IRowActionHost, rowAction } from './rowAction';

const PAGE = 200;
const STATUSES: RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const COLUMNS: Array<{ key: SortKey | null; label: string }> = [
  { key: null, label: '' },
  { key: 'status', label: 'Status' },
  { key: 'notebook', label: 'Notebook' },
  { key: null, label: 'Parameters' },
  { key: 'started', label: 'Started' },
  { key: 'duration', label: 'Duration' },
  { key: null, label: 'Metrics' },
  { key: null, label: '' }
];

export class RunsView extends Widget {
  private runs: RunSummary[] = [];
  private next: string | undefined;
  private filter: RunFilter = { notebook: '', status: '' };
  private sort: { key: SortKey; ascending: boolean } = { key: 'started', ascending: false };
  private readonly ticked = new Set<string>();
  private readonly error = h('div', { className: 'jp-jupyship-alert', role: 'alert', hidden: true });
  private readonly count = h('span', { className: 'jp-jupyship-runs-count' });
  private readonly table = h('table', { className: 'jp-jupyship-runs-table' });
  private readonly more = h('button', { className: 'jp-mod-styled jp-jupyship-runs-more', hidden: true, onclick: () => void this.load(true) }, 'Load more');
  private readonly comparison = h('div', { className: 'jp-jupyship-runs-compare' });
  private readonly charts = h('div', { className: 'jp-jupyship-runs-charts' });
  /** Each notebook's champion, by notebook and model, asked once per load of the runs. */
  private champions = new Map<string, ChampionView | null | 'asking'>();

  constructor(private readonly openRun: (id: string) => void) {
    super();
    this.addClass('jp-jupyship-runs-view');
    this.title.label = 'Runs';
    this.title.closable = true;
    const notebook = h('input', { className: 'jp-mod-styled jp-jupyship-runs-filter-notebook', type: 'search', placeholder: 'Notebook', 'aria-label': 'Filter by notebook' });
    notebook.addEventListener('input', () => {
      this.filter = { ...this.filter, notebook: notebook.value };
      this.render();
    });
    const status = h('select', { className: 'jp-jupyship-runs-filter-status', 'aria-label': 'Filter by status' },
      h('option', { value: '' }, 'Any status'), ...STATUSES.map(s => h('option', { value: s }, s)));
    status.addEventListener('change', () => {
      this.filter = { ...this.filter, status: status.value as RunStatus | '' };
      this.render();
    });
    const refresh = h('button', { className: 'jp-mod-styled jp-jupyship-runs-refresh', onclick: () => void this.load(false) }, 'Refresh');
    this.node.append(
      h('div', { className: 'jp-jupyship-runs-controls' }, notebook, status, refresh, this.count),
      this.error,
      this.charts,
      h('div', { className: 'jp-jupyship-runs-table-scroll', tabindex: 0 }, this.table),
      this.more,
      this.comparison
    );
  }

  protected onAfterShow(): void {
    void this.load(false);
  }

  /** The newest runs, or (more) the page after those shown. */
  async load(more: boolean): Promise<void> {
    try {
      const page = await SidecarClient.runs(null, PAGE, more ? this.next : undefined);
      this.runs = more ? [...this.runs, ...page.runs] : page.runs;
      this.next = page.next ?? undefined;
      if (!more) {
        this.champions = new Map();
      }
      this.error.hidden = true;
      this.render();
    } catch (error) {
      this.error.hidden = false;
      this.error.textContent = `Runs: ${describeError(error)}`;
    }
  }

  private render(): void {
    const shown = sortRuns(filterRuns(this.runs, this.filter), this.sort.key, this.sort.ascending);
    this.count.textContent = `${shown.length} of ${this.runs.length}${this.next ? '+' : ''} runs`;
    this.more.hidden = !this.next;
    const head = h('tr', {}, ...COLUMNS.map(({ key, label }) => {
      if (!key) {
        return h('th', {}, label);
      }
      const current = this.sort.key === key;
      return h('th', { 'aria-sort': current ? (this.sort.ascending ? 'ascending' : 'descending') : 'none' },
        h('button', {
          className: 'jp-jupyship-sort', 'data-key': key,
          onclick: () => {
            this.sort = { key, ascending: current ? !this.sort.ascending : key !== 'started' && key !== 'duration' };
            this.render();
          }
        }, `${label}${current ? (this.sort.ascending ? ' ▲' : ' ▼') : ''}`));
    }));
    this.table.replaceChildren(h('thead', {}, head), h('tbody', {}, ...shown.map(run => this.renderRow(run))));
    this.renderCharts(shown);
    this.renderComparison();
  }

  /** Filtered to one notebook: each metric over its runs. */
  private renderCharts(shown: RunSummary[]): void {
    const notebooks = new Set(shown.map(run => run.notebook));
    if (!this.filter.notebook || notebooks.size !== 1) {
      this.charts.replaceChildren();
      return;
    }
    const notebook = [...notebooks][0];
    const model = championModel(shown);
    const champion = model === null ? null : this.champion(notebook, model);
    const charts = metricCharts(chartRuns(shown), { champion: champion?.champion?.run, championMetrics: champion?.champion?.metrics });
    this.charts.replaceChildren(...(charts.length ? [h('h3', {}, `Metrics of ${notebook}`), renderMetricCharts(charts, id => this.openRun(id))] : []));
  }

  /** The champion if known; else asks for it once, and draws the charts again when it is known. */
  private champion(notebook: string, model: string): ChampionView | null {
    const key = `${notebook}\n${model}`;
    const known = this.champions.get(key);
    if (known !== undefined) {
      return known === 'asking' ? null : known;
    }
    this.champions.set(key, 'asking');
    SidecarClient.champion(notebook, model).then(view => {
      this.champions.set(key, view);
      this.render();
    }, error => {
      this.champions.set(key, null);
      this.error.hidden = false;
      this.error.textContent = `Champion of ${notebook}: ${describeError(error)}`;
    });
    return null;
  }

  private renderRow(run: RunSummary): HTMLElement {
    const tick = h('input', { type: 'checkbox', className: 'jp-jupyship-runs-tick', 'aria-label': `Compare run ${run.id}`, checked: this.ticked.has(run.id) });
    tick.addEventListener('click', event => event.stopPropagation());
    tick.addEventListener('change', () => {
      if (tick.checked) {
        this.ticked.add(run.id);
      } else {
        this.ticked.delete(run.id);
      }
      this.renderComparison();
    });
    const action = rowAction(run, this.actionHost);
    const row = h('tr', { className: 'jp-jupyship-runs-row', 'data-run': run.id, tabindex: 0, title: run.failure ?? `Open run ${run.id}`, onclick: () => this.openRun(run.id) },
      h('td', {}, tick),
      h('td', { className: `jp-jupyship-run-status jp-jupyship-status-${run.status}` }, run.status),
      h('td', { className: 'jp-jupyship-runs-notebook' }, run.notebook),
      h('td', { className: 'jp-jupyship-runs-parameters', title: valuesLine(run.parameters, 10_000) }, valuesLine(run.parameters)),
      h('td', { title: run.createdAt }, startedLabel(run.createdAt)),
      h('td', {}, duration(run.createdAt, run.finishedAt)),
      h('td', { className: 'jp-jupyship-runs-metrics', title: valuesLine(run.metrics, 10_000) }, valuesLine(run.metrics)),
      h('td', {}, action));
    row.addEventListener('keydown', event => {
      if (event.key === 'Enter' && event.target === row) {
        this.openRun(run.id);
      }
    });
    return row;
  }

  /** With two runs ticked: their parameters and metrics side by side, differences marked. */
  private renderComparison(): void {
    const picked = [...this.ticked].map(id => this.runs.find(run => run.id === id)).filter((run): run is RunSummary => run !== undefined);
    if (picked.length !== 2) {
      this.comparison.replaceChildren(h('p', { className: 'jp-jupyship-note' }, picked.length > 2 ? 'Tick two runs to compare them (more are ticked).' : 'Tick two runs to compare them.'));
      return;
    }
    const [left, right] = picked;
    this.comparison.replaceChildren(
      h('h3', {}, `${left.id} and ${right.id}`),
      h('table', { className: 'jp-jupyship-compare-table' },
        h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, ''), h('th', {}, `${left.notebook} ${startedLabel(left.createdAt)}`), h('th', {}, `${right.notebook} ${startedLabel(right.createdAt)}`))),
        h('tbody', {}, ...compareRuns(left, right).map(field =>
          h('tr', { className: field.changed ? 'jp-jupyship-compare-changed' : '', 'data-field': `${field.kind}:${field.name}` },
            h('td', { className: 'jp-jupyship-note' }, field.kind), h('th', {}, field.name), h('td', {}, field.left), h('td', {}, field.right))))));
  }

  private readonly actionHost: IRowActionHost = {
    openRun: id => this.openRun(id),
    acted: () => this.load(false),
    failed: message => {
      this.error.hidden = false;
      this.error.textContent = message;
    }
  };
}
