/**
 * One run, live: its status until it ends, cancel while it runs, rerun or delete once it has ended, its
 * log, why it failed (the cell a link to it), its metrics with a warning when a succeeded run's
 * metrics break the contract's bounds, and links to the executed notebook and metrics file when
 * they were stored (opened in JupyterLab when they are in the workspace); for a succeeded run with a
 * model, the champion, a comparison with it and a promotion by hand (ChampionCompare).
 */
import { Widget } from '@lumino/widgets';
import { Run } from '../api';
import { cellLabel } from '../cells';
import { SidecarClient } from '../client';
import { describeError } from '../errors';
import { duration, failureHeadline, isFinal, metricProblems, newIdempotencyKey, runTitle, workspacePath } from '../runs';
import { ChampionCompare } from './ChampionCompare';
import { h } from './dom';

const POLL_MS = 1000;
const ACTION_LABELS = { cancel: 'Cancel', rerun: 'Rerun', delete: 'Delete' } as const;

/** What a run view asks of JupyterLab. */
export interface IRunHost {
  serverRoot: string;
  /** Opens a workspace file. */
  open(path: string): void;
  /** Opens a notebook and goes to one of its cells (0-based over all cells). */
  goToCell(notebook: string, cell: number): void;
  openRun(id: string): void;
  /** A run started, ended or was cancelled: lists of runs may show it. */
  changed(run: Run): void;
  /** The metadata of the notebook the run ran (its stored input when in the workspace), for the contract's metric bounds. */
  notebookMetadata(run: Run): Promise<unknown>;
  /** Asks before something that cannot be undone: true to go on. */
  confirm(title: string, question: string, action: string): Promise<boolean>;
  /** A run was deleted: lists of runs drop it. */
  deleted(id: string): void;
}

export class RunView extends Widget {
  private readonly header = h('div', { className: 'jp-jupyship-run-header' });
  private readonly actions = h('div', { className: 'jp-jupyship-run-actions' });
  private readonly error = h('div', { className: 'jp-jupyship-alert', role: 'alert', hidden: true });
  private readonly warning = h('div', { className: 'jp-jupyship-warning jp-jupyship-metric-warning', role: 'alert', hidden: true });
  private readonly details = h('div', { className: 'jp-jupyship-run-details' });
  private readonly logNote = h('p', { className: 'jp-jupyship-note jp-jupyship-log-note', hidden: true });
  private readonly log = h('pre', { className: 'jp-jupyship-run-log', tabindex: 0, 'aria-label': 'Run log' });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private run: Run | null = null;
  private busy = false;
  private checkedMetrics = false;
  private readonly champion: ChampionCompare;

  constructor(
    readonly runId: string,
    private readonly host: IRunHost
  ) {
    super();
    this.addClass('jp-jupyship-run');
    // The id until the run is read; then its notebook and start, which people tell runs apart by.
    this.title.label = `Run ${runId}`;
    this.title.caption = `Run ${runId}`;
    this.title.closable = true;
    this.champion = new ChampionCompare({ confirm: (...args) => this.host.confirm(...args), promoted: run => this.host.changed(run) });
    this.node.append(this.header, this.actions, this.error, this.warning, this.details, this.champion.node, h('h3', {}, 'Log'), this.logNote,
      this.log);
    void this.poll();
  }

  dispose(): void {
    this.stopPolling();
    super.dispose();
  }

  private stopPolling(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private async poll(): Promise<void> {
    if (this.isDisposed) {
      return;
    }
    this.stopPolling();
    let final = false;
    try {
      const run = await SidecarClient.run(this.runId);
      const wasFinal = this.run !== null && isFinal(this.run.status);
      this.run = run;
      this.title.label = runTitle(run.notebook, run.createdAt);
      this.title.caption = `Run ${run.id} of ${run.notebook}`;
      this.render(run);
      this.showLog(await SidecarClient.runLog(this.runId), isFinal(run.status));
      this.error.hidden = true;
      final = isFinal(run.status);
      if (final && !wasFinal) {
        this.host.changed(run);
        if (run.status === 'succeeded') {
          void this.checkMetrics(run); // a run outside its bounds has failed, and its failure says so
          void this.champion.show(run);
        }
      }
    } catch (error) {
      this.error.hidden = false;
      this.error.textContent = `${describeError(error)} — retrying`;
    }
    if (!final && !this.isDisposed) {
      this.timer = setTimeout(() => void this.poll(), POLL_MS);
    }
  }

  /** The log as stored; a final run whose stored log is empty keeps what was read while it ran, and says so. */
  private showLog(text: string, final: boolean): void {
    if (text || !final) {
      this.log.textContent = text;
      this.logNote.hidden = true;
      return;
    }
    this.logNote.hidden = false;
    this.logNote.textContent = this.log.textContent
      ? 'No log was stored for this run; below is what was read while it ran.'
      : 'No log was stored for this run.';
  }

  private async checkMetrics(run: Run): Promise<void> {
    if (run.status !== 'succeeded' || this.checkedMetrics) {
      return;
    }
    this.checkedMetrics = true;
    let problems: string[];
    try {
      problems = metricProblems(run.metrics, await this.host.notebookMetadata(run));
    } catch (error) {
      this.warning.textContent = `The metrics could not be checked against the contract: ${describeError(error)}`;
      this.warning.hidden = false;
      return;
    }
    this.warning.dataset.checked = 'true'; // checked against the contract, warning or not
    this.warning.hidden = problems.length === 0;
    this.warning.replaceChildren(
      h('strong', {}, 'Succeeded, but its metrics break the contract: '),
      problems.join('; ')
    );
  }

  private async act(what: 'cancel' | 'rerun' | 'delete'): Promise<void> {
    if (this.busy) {
      return;
    }
    if (what === 'delete' && !(await this.host.confirm('Delete run',
      `Delete run ${this.runId} of ${this.run?.notebook ?? 'its notebook'}, with its executed notebook, log, metrics and artifacts? This cannot be undone.`,
      'Delete'))) {
      return;
    }
    this.busy = true;
    this.renderActions();
    try {
      if (what === 'delete') {
        await SidecarClient.deleteRun(this.runId);
        this.host.deleted(this.runId);
        this.dispose();
        return;
      } else if (what === 'cancel') {
        this.host.changed(await SidecarClient.cancelRun(this.runId));
        await this.poll();
      } else {
        const again = await SidecarClient.rerun(this.runId, newIdempotencyKey());
        this.host.changed(again);
        this.host.openRun(again.id);
      }
    } catch (error) {
      this.error.hidden = false;
      this.error.textContent = `${ACTION_LABELS[what]}: ${describeError(error)}`;
    } finally {
      if (!this.isDisposed) {
        this.busy = false;
        this.renderActions();
      }
    }
  }

  private renderActions(): void {
    const run = this.run;
    if (!run) {
      return;
    }
    const final = isFinal(run.status);
    this.actions.replaceChildren(
      ...(final
        ? [
          h('button', { className: 'jp-mod-styled jp-jupyship-rerun', disabled: this.busy, title: 'Run it again with the same notebook and parameters', onclick: () => void this.act('rerun') }, 'Rerun'),
          h('button', { className: 'jp-mod-styled jp-mod-warn jp-jupyship-delete', disabled: this.busy, title: 'Delete this run and every file it stored', onclick: () => void this.act('delete') }, 'Delete')
        ]
        : [h('button', { className: 'jp-mod-styled jp-mod-warn jp-jupyship-cancel', disabled: this.busy, title: 'Stop this run', onclick: () => void this.act('cancel') }, 'Cancel run')])
    );
  }

  private render(run: Run): void {
    this.header.replaceChildren(
      h('span', { className: `jp-jupyship-run-status jp-jupyship-status-${run.status}`, 'data-status': run.status }, run.status),
      ` ${run.notebook} · ${duration(run.createdAt, run.finishedAt)}${run.git?.commit ? ` · ${run.git.commit.substring(0, 8)}${run.git.dirty ? ' (uncommitted changes)' : ''}` : ''}`,
      run.forced ? h('span', { className: 'jp-jupyship-note' }, ' · deployed despite the gate') : '',
      run.rerunOf ? h('span', {}, ' · rerun of ', h('a', { href: '#', onclick: (e: MouseEvent) => { e.preventDefault(); this.host.openRun(run.rerunOf!); } }, run.rerunOf)) : ''
    );
    this.renderActions();
    const parts: Node[] = [];
    if (run.failure) {
      const f = run.failure;
      const hasCell = f.cell !== null && f.cell !== undefined;
      parts.push(
        h('div', { className: 'jp-jupyship-run-failure' },
          h('strong', { className: 'jp-jupyship-failure-headline' }, failureHeadline(f)),
          hasCell
            ? h('div', {}, h('a', { href: '#', className: 'jp-jupyship-cell-link', 'data-cell': f.cell, title: `Open ${run.notebook} at this cell`, onclick: (e: MouseEvent) => { e.preventDefault(); this.host.goToCell(run.notebook, f.cell!); } }, `Go to ${cellLabel(f.cell!)}`), f.ename ? '' : ' (the last cell that ran)')
            : '',
          f.source ? h('pre', { tabindex: 0, 'aria-label': 'Source of the failing cell' }, f.source) : '',
          f.traceback?.length ? h('pre', { tabindex: 0, 'aria-label': 'Traceback' }, f.traceback.join('\n')) : '')
      );
    }
    if (run.metrics && Object.keys(run.metrics).length) {
      parts.push(
        h('table', { className: 'jp-jupyship-metrics' },
          ...Object.entries(run.metrics).map(([name, value]) => h('tr', {}, h('th', {}, name), h('td', {}, typeof value === 'number' ? String(Number(value.toPrecision(6))) : JSON.stringify(value)))))
      );
    }
    const links = h('div', { className: 'jp-jupyship-run-links' });
    for (const [key, label] of [['executedNotebook', 'Executed notebook'], ['metrics', 'metrics.json']] as const) {
      const link = run.links[key];
      if (!link) {
        continue; // not stored (a lost run has no executed notebook): no link that leads nowhere
      }
      const path = workspacePath(link, this.host.serverRoot);
      links.append(
        path
          ? h('a', { href: '#', className: `jp-jupyship-link-${key}`, onclick: (e: MouseEvent) => { e.preventDefault(); this.host.open(path); } }, label)
          : h('span', { className: `jp-jupyship-link-${key}`, title: link }, `${label}: ${link}`)
      );
    }
    if (isFinal(run.status) && !run.links.executedNotebook) {
      links.append(h('span', { className: 'jp-jupyship-note jp-jupyship-no-executed' }, 'No executed notebook was stored for this run.'));
    }
    parts.push(links);
    this.details.replaceChildren(...parts);
  }
}
