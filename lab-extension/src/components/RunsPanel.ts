/**
 * Recent runs, newest first: the active notebook's, or the workspace's when no notebook is active
 * (the Launcher). Each row says when it started, how long it took, its notebook (workspace-wide),
 * and which metrics moved against the previous succeeded run, a large move marked; a click opens
 * the run; cancel and rerun on each row.
 */
import { Widget } from '@lumino/widgets';
import { MetricPoint, RunSummary } from '../api';
import { SidecarClient } from '../client';
import { describeError } from '../errors';
import { BIG_CHANGE, describeChange, duration, metricChanges, startedLabel } from '../runs';
import { h } from './dom';
import { IRowActionHost, rowAction } from './rowAction';

const REFRESH_MS = 5000;

export class RunsPanel extends Widget {
  private readonly heading = h('div', { className: 'jp-jupyship-lint-title' }, 'Runs in the workspace');
  private readonly error = h('div', { className: 'jp-jupyship-alert', role: 'alert', hidden: true });
  private readonly list = h('ul', { className: 'jp-jupyship-runs' });
  private notebook: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticket = 0;

  constructor(private readonly openRun: (id: string) => void, openAll: () => void) {
    super();
    this.id = 'jupyship-runs-panel';
    this.addClass('jp-jupyship-runs-panel');
    this.title.caption = 'jupyship runs';
    const all = h('button', { className: 'jp-mod-styled jp-jupyship-all-runs', title: 'Every run of the workspace in a table: filter, sort, compare', onclick: () => openAll() }, 'All runs');
    this.node.append(h('div', { className: 'jp-jupyship-lint-header' }, this.heading, all), this.error, this.list);
  }

  showNotebook(path: string | null): void {
    this.notebook = path;
    this.heading.textContent = path ? `Runs of ${path}` : 'Runs in the workspace';
    void this.refresh();
  }

  protected onAfterShow(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  protected onAfterHide(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  async refresh(): Promise<void> {
    const notebook = this.notebook;
    const ticket = ++this.ticket;
    if (!this.isVisible) {
      return;
    }
    try {
      const [page, history] = await Promise.all([
        SidecarClient.runs(notebook),
        notebook ? SidecarClient.runMetrics(notebook) : Promise.resolve(null)
      ]);
      if (ticket !== this.ticket) {
        return;
      }
      const points = new Map((history?.points ?? []).map(point => [point.run, point]));
      this.error.hidden = true;
      this.list.replaceChildren(...page.runs.map(run => this.renderRun(run, notebook === null, points.get(run.id))));
      if (!page.runs.length) {
        this.list.append(h('li', { className: 'jp-jupyship-empty' }, notebook ? 'No runs yet: deploy it from the notebook toolbar.' : 'No runs yet in this workspace.'));
      }
    } catch (error) {
      if (ticket === this.ticket) {
        this.error.hidden = false;
        this.error.textContent = `Runs: ${describeError(error)}`;
      }
    }
  }

  private renderRun(run: RunSummary, withNotebook: boolean, point: MetricPoint | undefined): HTMLElement {
    const action = rowAction(run, this.actionHost);
    const changes = point ? metricChanges(point) : [];
    const big = changes.filter(change => change.relative >= BIG_CHANGE);
    const open = () => this.openRun(run.id);
    const row = h(
      'li',
      { className: 'jp-jupyship-run-row', 'data-run': run.id, tabindex: 0, title: run.failure ?? `Open run ${run.id}`, onclick: open },
      withNotebook ? h('div', { className: 'jp-jupyship-run-line jp-jupyship-run-notebook', title: run.notebook }, run.notebook) : null,
      h('div', { className: 'jp-jupyship-run-line' },
        h('span', { className: `jp-jupyship-run-status jp-jupyship-status-${run.status}` }, run.status),
        h('span', { className: 'jp-jupyship-run-started', title: `started ${run.createdAt}` }, startedLabel(run.createdAt)),
        h('span', { className: 'jp-jupyship-run-time' }, duration(run.createdAt, run.finishedAt)),
        action),
      h('div', { className: 'jp-jupyship-run-line jp-jupyship-run-detail' },
        h('span', { className: 'jp-jupyship-run-id' }, run.id),
        changes.length
          ? h('span', {
              className: `jp-jupyship-run-changes${big.length ? ' jp-jupyship-change-big' : ''}`,
              title: `Against the previous succeeded run ${point?.previousRun ?? ''}:\n${changes.map(describeChange).join('\n')}`
            }, `${big.length ? '⚠ ' : ''}${changes.slice(0, 2).map(describeChange).join(', ')}${changes.length > 2 ? ', …' : ''}`)
          : null)
    );
    row.addEventListener('keydown', event => {
      if (event.key === 'Enter' && event.target === row) {
        open();
      }
    });
    return row;
  }

  private readonly actionHost: IRowActionHost = {
    openRun: id => this.openRun(id),
    acted: () => this.refresh(),
    failed: message => {
      this.error.hidden = false;
      this.error.textContent = message;
    }
  };

  dispose(): void {
    this.onAfterHide();
    super.dispose();
  }
}
