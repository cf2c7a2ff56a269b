/**
 * One run, live: its status until it ends, its log, why it failed, its metrics, and links to the
 * executed notebook and metrics file (opened in JupyterLab when they are in the workspace).
 */
import { Widget } from '@lumino/widgets';
import { Run } from '../api';
import { SidecarClient } from '../client';
import { describeError } from '../errors';
import { duration, isFinal, workspacePath } from '../runs';
import { h } from './dom';

const POLL_MS = 1000;

export class RunView extends Widget {
  private readonly header = h('div', { className: 'jp-jupyship-run-header' });
  private readonly error = h('div', { className: 'jp-jupyship-alert', role: 'alert', hidden: true });
  private readonly details = h('div', { className: 'jp-jupyship-run-details' });
  private readonly log = h('pre', { className: 'jp-jupyship-run-log' });
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly runId: string,
    private readonly serverRoot: string,
    private readonly open: (path: string) => void,
    private readonly finished: (run: Run) => void = () => undefined
  ) {
    super();
    this.id = `jupyship-run-${runId}`;
    this.addClass('jp-jupyship-run');
    this.title.label = `Run ${runId}`;
    this.title.closable = true;
    this.node.append(this.header, this.error, this.details, h('h3', {}, 'Log'), this.log);
    void this.poll();
  }

  dispose(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
    }
    super.dispose();
  }

  private async poll(): Promise<void> {
    if (this.isDisposed) {
      return;
    }
    let final = false;
    try {
      const run = await SidecarClient.run(this.runId);
      this.render(run);
      this.log.textContent = await SidecarClient.runLog(this.runId);
      this.error.hidden = true;
      final = isFinal(run.status);
      if (final) {
        this.finished(run);
      }
    } catch (error) {
      this.error.hidden = false;
      this.error.textContent = `${describeError(error)} — retrying`;
    }
    if (!final && !this.isDisposed) {
      this.timer = setTimeout(() => void this.poll(), POLL_MS);
    }
  }

  private render(run: Run): void {
    this.header.replaceChildren(
      h('span', { className: `jp-jupyship-run-status jp-jupyship-status-${run.status}`, 'data-status': run.status }, run.status),
      ` ${run.notebook} · ${duration(run.createdAt, run.finishedAt)}${run.git?.commit ? ` · ${run.git.commit.substring(0, 8)}${run.git.dirty ? ' (uncommitted changes)' : ''}` : ''}`
    );
    const parts: Node[] = [];
    if (run.failure) {
      const f = run.failure;
      parts.push(
        h('div', { className: 'jp-jupyship-run-failure' },
          h('strong', {}, f.summary),
          f.source ? h('pre', {}, f.source) : '',
          f.traceback?.length ? h('pre', {}, f.traceback.join('\n')) : '')
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
        continue;
      }
      const path = workspacePath(link, this.serverRoot);
      links.append(
        path
          ? h('a', { href: '#', className: `jp-jupyship-link-${key}`, onclick: (e: MouseEvent) => { e.preventDefault(); this.open(path); } }, label)
          : h('span', { className: `jp-jupyship-link-${key}`, title: link }, `${label}: ${link}`)
      );
    }
    parts.push(links);
    this.details.replaceChildren(...parts);
  }
}
