/**
 * When to lint and which answer to show. While people type: a quick lint (our rules only) after a
 * quiet period, at most one in flight, the latest text sent when it returns. On save or on
 * opening: a full lint with the standard linter. Answers are numbered at request time and one is
 * shown only if no newer one has been shown, so a slow early answer never replaces a fresh one.
 * Plain TypeScript: unit-tested with controlled promises and timers.
 */
import { Debouncer, ITimers, realTimers } from './debounce';

export interface ILintSchedulerOptions<R> {
  /** Starts one lint of the notebook as it is now. */
  run(standard: boolean): Promise<R>;
  /** Shows an answer (called only for answers newer than the one shown). */
  apply(result: R, standard: boolean): void;
  /**
   * An answer that came after a newer one was shown: not shown, but what it knows may still help.
   * Full answers come here only when newer than every full answer already applied or handed over.
   */
  superseded?(result: R, standard: boolean): void;
  /** Shows a failure of the newest request. */
  fail(error: unknown, standard: boolean): void;
  /** Quiet period while typing. */
  delayMs?: number;
  timers?: ITimers;
}

export class LintScheduler<R> {
  private issued = 0;
  private shown = 0;
  /** The newest full answer applied or handed over: an older full one knows nothing newer. */
  private fullSeen = 0;
  private quickInFlight = false;
  private quickWanted = false;
  private disposed = false;
  private readonly debouncer: Debouncer;

  constructor(private readonly options: ILintSchedulerOptions<R>) {
    this.debouncer = new Debouncer(() => this.quick(), options.delayMs ?? 500, options.timers ?? realTimers);
  }

  /** The text changed: lint quickly once typing pauses. */
  edited(): void {
    if (!this.disposed) {
      this.debouncer.trigger();
    }
  }

  /** Saved, opened or asked for: a full lint now. */
  full(): Promise<void> {
    this.debouncer.cancel();
    return this.request(true);
  }

  /** Requests issued so far (for tests and the panel's status). */
  get requests(): number {
    return this.issued;
  }

  dispose(): void {
    this.disposed = true;
    this.debouncer.cancel();
  }

  private quick(): void {
    if (this.quickInFlight) {
      this.quickWanted = true; // sent when the one in flight returns, with the text of that moment
      return;
    }
    this.quickInFlight = true;
    void this.request(false).finally(() => {
      this.quickInFlight = false;
      if (this.quickWanted && !this.disposed) {
        this.quickWanted = false;
        this.quick();
      }
    });
  }

  private async request(standard: boolean): Promise<void> {
    if (this.disposed) {
      return;
    }
    const ticket = ++this.issued;
    let result: R;
    try {
      result = await this.options.run(standard);
    } catch (error) {
      if (ticket > this.shown && !this.disposed) {
        this.shown = ticket;
        this.options.fail(error, standard);
      }
      return;
    }
    if (this.disposed) {
      return;
    }
    if (standard) {
      if (ticket < this.fullSeen) {
        return; // an older full answer: a newer one was applied or handed over already
      }
      this.fullSeen = ticket;
    }
    if (ticket > this.shown) {
      this.shown = ticket;
      this.options.apply(result, standard);
    } else {
      this.options.superseded?.(result, standard);
    }
  }
}
