/** The active notebook's recent runs, newest first; a click opens the run; cancel and rerun on each row. */
import { Widget } from '@lumino/widgets';
import { RunSummary } from '../api';
import { SidecarClient } from '../client';
import { describeError } from '../errors';
import { duration, isFinal, newIdempotencyKey } from '../runs';
import { h } from './dom';

const REFRESH_MS = 5000;

export class RunsPanel extends Widget {
  private readonly heading = h('div', { className: 'jp-jupyship-lint-title' }, 'No notebook');
  private readonly error = h('div', { className: 'jp-jupyship-alert', role: 'alert', hidden: true });
  private readonly list = h('ul', { className: 'jp-jupyship-runs' });
  private notebook: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticket = 0;

  constructor(private readonly openRun: (id: string) => void) {
    super();
    this.id = 'jupyship-runs-panel';
    this.addClass('jp-jupyship-runs-panel');
    this.title.caption = 'jupyship runs';
    this.node.append(h('div', { className: 'jp-jupyship-lint-header' }, this.heading), this.error, this.list);
  }

  showNotebook(path: string | null): void {
    this.notebook = path;
    this.heading.textContent = path ? `Runs of ${path}` : 'No notebook';
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
    if (!notebook || !this.isVisible) {
      this.list.replaceChildren();
      return;
    }
    try {
      const page = await SidecarClient.runs(notebook);
      if (ticket !== this.ticket) {
        return;
      }
      this.error.hidden = true;
      this.list.replaceChildren(...page.runs.map(run => this.renderRun(run)));
      if (!page.runs.length) {
        this.list.append(h('li', { className: 'jp-jupyship-empty' }, 'No runs yet: deploy it from the notebook toolbar.'));
      }
    } catch (error) {
      if (ticket === this.ticket) {
        this.error.hidden = false;
        this.error.textContent = `Runs: ${describeError(error)}`;
      }
    }
  }

  private renderRun(run: RunSummary): HTMLElement {
    const final = isFinal(run.status);
    const action = h(
      'button',
      {
        className: `jp-jupyship-row-action ${final ? 'jp-jupyship-rerun' : 'jp-jupyship-cancel'}`,
        title: final ? 'Run it again with the same notebook and parameters' : 'Stop this run',
        onclick: (e: MouseEvent) => {
          e.stopPropagation();
          void this.act(run, action as HTMLButtonElement);
        }
      },
      final ? 'rerun' : 'cancel'
    );
    return h(
      'li',
      { className: 'jp-jupyship-run-row', 'data-run': run.id, title: run.failure ?? 'Open the run', onclick: () => this.openRun(run.id) },
      h('span', { className: `jp-jupyship-run-status jp-jupyship-status-${run.status}` }, run.status),
      h('span', { className: 'jp-jupyship-run-id' }, run.id),
      h('span', { className: 'jp-jupyship-run-time' }, duration(run.createdAt, run.finishedAt)),
      action
    );
  }

  /** Cancel (in flight) or rerun (ended) from the row; a rerun opens the new run. */
  private async act(run: RunSummary, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      if (isFinal(run.status)) {
        this.openRun((await SidecarClient.rerun(run.id, newIdempotencyKey())).id);
      } else {
        await SidecarClient.cancelRun(run.id);
      }
    } catch (error) {
      this.error.hidden = false;
      this.error.textContent = `${isFinal(run.status) ? 'Rerun' : 'Cancel'} ${run.id}: ${describeError(error)}`;
      button.disabled = false;
      return;
    }
    await this.refresh();
  }

  dispose(): void {
    this.onAfterHide();
    super.dispose();
  }
}
