/**
 * A trailing debounce with injectable timers, so tests control time. Only the last call within
 * the quiet period runs.
 */

export interface ITimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: ITimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export class Debouncer {
  private handle: unknown = null;

  constructor(
    private readonly action: () => void,
    private readonly delayMs: number,
    private readonly timers: ITimers = realTimers
  ) {}

  /** (Re)starts the quiet period; the action runs once it passes without another call. */
  trigger(): void {
    this.cancel();
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.action();
    }, this.delayMs);
  }

  get pending(): boolean {
    return this.handle !== null;
  }

  cancel(): void {
    if (this.handle !== null) {
      this.timers.clearTimeout(this.handle);
      this.handle = null;
    }
  }
}
