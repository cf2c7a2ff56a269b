/**
 * Recent runs, newest first: the active notebook's, or the workspace's when no notebook is active
 * (the Launcher). Each row says when it started, how long it took, its notebook (workspace-wide),
 * and which metrics moved against the previous succeeded run, a large move marked; a click opens
 * the run; cancel and rerun on each row. Above them, the active notebook's schedules: when each
 * runs next and how its last run went, with run now, pause or resume, and delete.
 */
import { Widget } from '@lumino/widgets';
import { MetricPoint, RunSummary, Schedule } from '../api';
import { SidecarClient } from '../client';
import { describeError } from '../errors';
import { BIG_CHANGE, describeChange, duration, metricChanges, startedLabel } from '../runs';
import { scheduleLine } from '../schedules';
import { h } from './dom';
import { IRowActionHost, rowAction } from './rowAction';

const REFRESH_MS = 5000;

export class RunsPanel extends Widget {
  private readonly heading = h('div', { className: 'jp-jupyship-lint-title' }, 'Runs in the workspace');
  private readonly error = h('div', { className: 'jp-jupyship-alert', role: 'alert', hidden: true });
  private readonly list = h('ul', { className: 'jp-jupyship-runs' });
  private readonly schedules = h('ul', { className: 'jp-jupyship-schedules', 'aria-label': 'Schedules' });
  private notebook: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticket = 0;

  constructor(
    private readonly openRun: (id: string) => void,
    openAll: () => void,
    private readonly confirm: (title: string, question: string, action: string) => Promise<boolean>
  ) {
    super();
    this.id = 'jupyship-runs-panel';
    this.addClass('jp-jupyship-runs-panel');
    this.title.caption = 'jupyship runs';
    const all = h('button', { className: 'jp-mod-styled jp-jupyship-all-runs', title: 'Every run of the workspace in a table: filter, sort, compare', onclick: () => openAll() }, 'All runs');
    this.node.append(h('div', { className: 'jp-jupyship-lint-header' }, this.heading, all), this.error, this.schedules, this.list);
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
      const [page, history, schedules] = await Promise.all([
        SidecarClient.runs(notebook),
        notebook ? SidecarClient.runMetrics(notebook) : Promise.resolve(null),
        notebook ? SidecarClient.schedules(notebook) : Promise.resolve(null)
      ]);
      if (ticket !== this.ticket) {
        return;
      }
      this.schedules.replaceChildren(...(schedules?.schedules ?? []).map(schedule => this.renderSchedule(schedule)));
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

  private renderSchedule(schedule: Schedule): HTMLElement {
    const act = (label: string, title: string, action: () => Promise<unknown>) =>
      h('button', {
        className: 'jp-mod-styled jp-jupyship-schedule-action', title, 'data-action': label.toLowerCase().replace(' ', '-'),
        onclick: async (event: MouseEvent) => {
          event.stopPropagation();
          try {
            await action();
          } catch (error) {
            this.error.hidden = false;
            this.error.textContent = `Schedule ${schedule.id}: ${describeError(error)}`;
          }
          await this.refresh();
        }
      }, label);
    const parameters = Object.entries(schedule.parameters).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ');
    return h('li', { className: `jp-jupyship-schedule${schedule.paused ? ' jp-jupyship-schedule-paused' : ''}`, 'data-schedule': schedule.id },
      h('div', { className: 'jp-jupyship-schedule-when', title: schedule.id }, `Scheduled: ${scheduleLine(schedule)}`),
      h('div', { className: 'jp-jupyship-run-detail', title: schedule.ref ? `at ${schedule.ref}` : 'the working tree at each run' },
        `with ${parameters || 'the defaults'}${schedule.ref ? ` at ${schedule.ref}` : ''}`),
      h('div', { className: 'jp-jupyship-schedule-actions' },
          act('Run now', 'Start a run now, as the schedule would', async () => this.openRun((await SidecarClient.runScheduleNow(schedule.id)).id)),
          schedule.paused
            ? act('Resume', 'Run at the next time again (times passed while paused are skipped)', () => SidecarClient.resumeSchedule(schedule.id))
            : act('Pause', 'Start nothing until resumed', () => SidecarClient.pauseSchedule(schedule.id)),
          act('Delete', 'Delete the schedule (its runs stay)', async () => {
            if (await this.confirm('Delete schedule', `Delete the schedule ${schedule.cron} (${schedule.timeZone}) of ${schedule.notebook}? Its runs stay.`, 'Delete')) {
              await SidecarClient.deleteSchedule(schedule.id);
            }
          })));
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
