/** Debounced, single-flight, latest-wins linting, with controlled timers and promises. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Debouncer, ITimers } from '../debounce';
import { LintScheduler } from '../scheduler';

/** Timers that only fire when the test advances the clock. */
class FakeTimers implements ITimers {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const handle = this.next++;
    this.pending.set(handle, { at: this.now + ms, fn });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [handle, timer] of [...this.pending].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= this.now) {
        this.pending.delete(handle);
        timer.fn();
      }
    }
  }
}

/** A promise the test settles when it wants. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise(r => setImmediate(r));

test('the debouncer runs once, after the last call\'s quiet period', () => {
  const timers = new FakeTimers();
  let runs = 0;
  const debouncer = new Debouncer(() => runs++, 500, timers);
  for (let i = 0; i < 10; i++) {
    debouncer.trigger();
    timers.advance(100);
  }
  assert.equal(runs, 0, 'still typing');
  timers.advance(400);
  assert.equal(runs, 1);
  debouncer.trigger();
  debouncer.cancel();
  timers.advance(1000);
  assert.equal(runs, 1, 'cancelled');
});

/** A scheduler whose lints are answered by hand: each call records the text it would send. */
function harness() {
  const timers = new FakeTimers();
  let text = '';
  const calls: Array<{ text: string; standard: boolean; answer: ReturnType<typeof deferred<string>> }> = [];
  const shown: string[] = [];
  const failures: string[] = [];
  const scheduler = new LintScheduler<string>({
    run: standard => {
      const answer = deferred<string>();
      calls.push({ text, standard, answer });
      return answer.promise;
    },
    apply: result => shown.push(result),
    fail: error => failures.push(String(error)),
    delayMs: 300,
    timers
  });
  const type = (more: string) => {
    text += more;
    scheduler.edited();
  };
  return { timers, scheduler, calls, shown, failures, type };
}

test('typing sends one quick lint per pause, without ruff', () => {
  const { timers, calls, type } = harness();
  for (const ch of 'exit(3)') {
    type(ch);
    timers.advance(50);
  }
  assert.equal(calls.length, 0);
  timers.advance(300);
  assert.deepEqual(calls.map(c => [c.text, c.standard]), [['exit(3)', false]]);
});

test('a slow earlier answer never replaces a newer one', async () => {
  const { timers, scheduler, calls, shown, type } = harness();
  type('a');
  timers.advance(300);
  const full = scheduler.full(); // saved: a full lint while the quick one is in flight
  assert.equal(calls.length, 2);
  calls[1].answer.resolve('full of "a"');
  await full;
  calls[0].answer.resolve('quick of "a" (late)');
  await settle();
  assert.deepEqual(shown, ['full of "a"'], 'the older answer came last and was dropped');
});

test('at most one quick lint in flight; the text of the moment it returns goes next', async () => {
  const { timers, calls, shown, type } = harness();
  type('x');
  timers.advance(300);
  type('y');
  timers.advance(300);
  type('z');
  timers.advance(300);
  assert.equal(calls.length, 1, 'the second and third pauses wait for the first answer');
  calls[0].answer.resolve('x');
  await settle();
  assert.deepEqual(calls.map(c => c.text), ['x', 'xyz'], 'one follow-up, with the final text');
  calls[1].answer.resolve('xyz');
  await settle();
  assert.deepEqual(shown, ['x', 'xyz']);
});

test('the final findings are those of the final text, whatever order answers come in', async () => {
  const { timers, scheduler, calls, shown, type } = harness();
  type('exit(3)');
  const first = scheduler.full();
  type(' # edited');
  timers.advance(300);
  const last = calls[calls.length - 1];
  last.answer.resolve('answer for final text');
  await settle();
  calls[0].answer.resolve('answer for old text');
  await first;
  assert.equal(shown[shown.length - 1], 'answer for final text');
  assert.equal(last.text, 'exit(3) # edited');
});

test('an error shows only if nothing newer was shown, and a later success clears the way', async () => {
  const { scheduler, calls, shown, failures } = harness();
  const a = scheduler.full();
  const b = scheduler.full();
  calls[1].answer.reject(new Error('sidecar down'));
  await b;
  calls[0].answer.resolve('old');
  await a;
  assert.deepEqual(failures, ['Error: sidecar down']);
  assert.deepEqual(shown, [], 'the older success does not hide the newer failure');
  const c = scheduler.full();
  calls[2].answer.resolve('back');
  await c;
  assert.deepEqual(shown, ['back']);
});

test('nothing is shown after dispose', async () => {
  const { scheduler, calls, shown, timers, type } = harness();
  const pending = scheduler.full();
  scheduler.dispose();
  type('late');
  timers.advance(1000);
  calls[0].answer.resolve('too late');
  await pending;
  assert.deepEqual(shown, []);
  assert.equal(calls.length, 1);
});

/** A scheduler whose lints answer when the test says, recording what it shows and hands over. */
function recordingScheduler(timers: FakeTimers) {
  const calls: Array<ReturnType<typeof deferred<string>>> = [];
  const shown: string[] = [];
  const superseded: Array<[string, boolean]> = [];
  const scheduler = new LintScheduler<string>({
    run: () => {
      const answer = deferred<string>();
      calls.push(answer);
      return answer.promise;
    },
    apply: result => shown.push(result),
    superseded: (result, standard) => superseded.push([result, standard]),
    fail: () => undefined,
    delayMs: 300,
    timers
  });
  return { scheduler, calls, shown, superseded };
}

test('an overtaken answer is handed over as superseded, never shown', async () => {
  const timers = new FakeTimers();
  const { scheduler, calls, shown, superseded } = recordingScheduler(timers);
  const full = scheduler.full();
  scheduler.edited();
  timers.advance(300);
  calls[1].resolve('quick');
  await settle();
  calls[0].resolve('full with ruff');
  await full;
  assert.deepEqual(shown, ['quick']);
  assert.deepEqual(superseded, [['full with ruff', true]]);
});

test('a full answer overtaken by a newer full one is dropped, not handed over', async () => {
  const { scheduler, calls, shown, superseded } = recordingScheduler(new FakeTimers());
  const first = scheduler.full(); // saved once
  const second = scheduler.full(); // saved again
  calls[1].resolve('ruff of the second save');
  await second;
  calls[0].resolve('ruff of the first save');
  await first;
  assert.deepEqual(shown, ['ruff of the second save']);
  assert.deepEqual(superseded, [], 'the older ruff findings never come back');
});
