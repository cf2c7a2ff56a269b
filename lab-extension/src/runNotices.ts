/**
 * The user's own runs' ends in JupyterLab's notification center: every run this lab started (a
 * deploy, a rerun, a schedule's run now) is followed until it ends, then announced once, succeeded
 * (promoted or not, with the gate's reasons), failed with its failure's headline, or cancelled, with an action that opens the run. The runs followed are kept
 * in the browser's storage, so a run that ends while the lab is reloading or closed is announced
 * when it opens again, and two tabs of the lab announce it once between them. No JupyterLab
 * imports: the plugin gives the fetch, the notification and the action.
 */
import { Run } from './api';
import { ITimers, realTimers } from './debounce';
import { SidecarError } from './errors';
import { duration, failureHeadline, isFinal } from './runs';

/** What the notification center shows for one run's end. */
export interface RunEndNotice {
  runId: string;
  type: 'success' | 'error' | 'warning';
  message: string;
}

/** The browser's storage as far as this needs it (window.localStorage). */
export interface INoticeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const WATCHED_KEY = 'jupyship:runs-to-announce';
/** How often the runs followed are asked for: the runs sidebar's pace. */
export const POLL_MS = 5000;
/** The most runs followed at once; beyond, the oldest are dropped (a lab that started hundreds of runs). */
export const MOST_WATCHED = 50;

/** The notice for a run that has ended; null while it is in flight. */
export function runEndNotice(run: Run): RunEndNotice | null {
  if (!isFinal(run.status)) {
    return null;
  }
  const name = run.notebook.split('/').pop() || run.notebook;
  const took = run.startedAt ? ` in ${duration(run.startedAt, run.finishedAt)}` : '';
  if (run.status === 'succeeded') {
    // The promotion gate decides before the run's end is stored: the notice says what it decided.
    const promotion = run.promotion;
    if (promotion?.decision === 'not-promoted') {
      const why = promotion.reasons.length ? `: ${promotion.reasons.join('; ')}` : '';
      // Without the run's id (the action opens the run): JupyterLab cuts a notice at 140 characters.
      return { runId: run.id, type: 'warning', message: `${name} succeeded${took} but was not promoted${why}` };
    }
    const promoted = promotion?.decision === 'promoted' ? `; its model '${promotion.model}' is the champion now` : '';
    return { runId: run.id, type: 'success', message: `${name} run ${run.id} succeeded${took}${promoted}` };
  }
  if (run.status === 'cancelled') {
    return { runId: run.id, type: 'warning', message: `${name} run ${run.id} was cancelled` };
  }
  const why = run.failure ? `: ${failureHeadline(run.failure)}` : '';
  return { runId: run.id, type: 'error', message: `${name} run ${run.id} failed${why}` };
}

export class RunNotices {
  private readonly memory = new Set<string>();
  private timer: unknown = null;
  private polling = false;
  private disposed = false;

  constructor(
    private readonly fetchRun: (id: string) => Promise<Run>,
    private readonly notify: (notice: RunEndNotice) => void,
    private readonly storage: INoticeStorage | null = null,
    private readonly timers: ITimers = realTimers,
    private readonly pollMs = POLL_MS
  ) {
    if (this.watching.length) {
      this.schedule();
    }
  }

  /** The runs followed, oldest first. */
  get watching(): string[] {
    if (!this.storage) {
      return [...this.memory];
    }
    try {
      const stored: unknown = JSON.parse(this.storage.getItem(WATCHED_KEY) ?? '[]');
      return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  }

  private save(ids: string[]): void {
    if (!this.storage) {
      this.memory.clear();
      ids.forEach(id => this.memory.add(id));
      return;
    }
    try {
      this.storage.setItem(WATCHED_KEY, JSON.stringify(ids));
    } catch {
      // storage full or denied: this tab still follows what it was told in memory
      this.memory.clear();
      ids.forEach(id => this.memory.add(id));
    }
  }

  /** Follows a run this lab started until it ends. */
  watch(id: string): void {
    const ids = this.watching.filter(known => known !== id);
    ids.push(id);
    this.save(ids.slice(-MOST_WATCHED));
    this.schedule();
  }

  /** Asks for each run followed; each that has ended is announced once and no longer followed. */
  async poll(): Promise<void> {
    if (this.polling || this.disposed) {
      return;
    }
    this.polling = true;
    this.cancelTimer(); // asked now: the next time is counted from this one
    try {
      for (const id of this.watching) {
        let run: Run;
        try {
          run = await this.fetchRun(id);
        } catch (error) {
          if (error instanceof SidecarError && error.status === 404) {
            this.forget(id); // deleted: nothing to announce
          }
          continue; // the sidecar is away: asked again next time
        }
        const notice = runEndNotice(run);
        // Only the tab that still finds it followed announces it: another tab may have done so meanwhile.
        if (notice && this.watching.includes(id)) {
          this.forget(id);
          this.notify(notice);
        }
      }
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private forget(id: string): void {
    this.save(this.watching.filter(known => known !== id));
  }

  private schedule(): void {
    if (this.timer !== null || this.disposed || !this.watching.length) {
      return;
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.poll();
    }, this.pollMs);
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
  }
}
