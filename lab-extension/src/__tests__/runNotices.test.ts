/** The user's own runs' ends in the notification center: once per run, kept across reloads and tabs, with controlled timers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Run } from '../api';
import { ITimers } from '../debounce';
import { SidecarError } from '../errors';
import { INoticeStorage, MOST_WATCHED, RunEndNotice, RunNotices, runEndNotice, WATCHED_KEY } from '../runNotices';

/** Timers that fire only when the test says. */
class FakeTimers implements ITimers {
  private next = 1;
  readonly pending = new Map<number, () => void>();
  setTimeout(fn: () => void): unknown {
    const handle = this.next++;
    this.pending.set(handle, fn);
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Runs the timers due, as the browser would once the time has passed. */
  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    due.forEach(fn => fn());
  }
}

class MemoryStorage implements INoticeStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

function run(id: string, status: Run['status'], more: Partial<Run> = {}): Run {
  return {
    id, project: 'churn', notebook: 'models/train.ipynb', parameters: {}, status, createdAt: '2026-12-07T06:00:00Z',
    startedAt: '2026-12-07T06:00:01Z', finishedAt: isEnded(status) ? '2026-12-07T06:03:05Z' : undefined, links: {}, ...more
  } as Run;
}

function isEnded(status: string): boolean {
  return !['queued', 'running'].includes(status);
}

/** A sidecar whose runs the test sets, and what was announced. */
function setUp(storage: INoticeStorage | null = null) {
  const runs = new Map<string, Run | Error>();
  const notices: RunEndNotice[] = [];
  const timers = new FakeTimers();
  const fetchRun = async (id: string): Promise<Run> => {
    const answer = runs.get(id);
    if (answer instanceof Error) {
      throw answer;
    }
    if (!answer) {
      throw new SidecarError('not-found' as never, `no run '${id}'`, 404);
    }
    return answer;
  };
  const notifier = new RunNotices(fetchRun, notice => notices.push(notice), storage, timers, 5000);
  return { runs, notices, timers, notifier };
}

test('each end reads as a person says it, with what the run did', () => {
  assert.equal(runEndNotice(run('r1', 'running')), null, 'a run in flight has no notice');
  assert.deepEqual(runEndNotice(run('r1', 'succeeded')), { runId: 'r1', type: 'success', message: 'train.ipynb run r1 succeeded in 3 min 4 s' });
  assert.deepEqual(runEndNotice(run('r2', 'failed', { failure: { kind: 'cell-error', summary: 'cell 3 raised ValueError: no rows', cell: 2, ename: 'ValueError', evalue: 'no rows' } })),
    { runId: 'r2', type: 'error', message: 'train.ipynb run r2 failed: Cell 3 raised ValueError: no rows' });
  assert.deepEqual(runEndNotice(run('r3', 'failed', { failure: { kind: 'metrics', summary: 'mae 0.41 is above the contract\'s maximum 0.30' } })),
    { runId: 'r3', type: 'error', message: 'train.ipynb run r3 failed: mae 0.41 is above the contract\'s maximum 0.30' });
  assert.deepEqual(runEndNotice(run('r4', 'cancelled')), { runId: 'r4', type: 'warning', message: 'train.ipynb run r4 was cancelled' });
  const decided = { model: 'churn', changes: {}, decidedAt: '2026-12-07T03:05:00Z' };
  assert.deepEqual(runEndNotice(run('r5', 'succeeded', { promotion: { decision: 'promoted', reasons: [], ...decided } })),
    { runId: 'r5', type: 'success', message: 'train.ipynb run r5 succeeded in 3 min 4 s; its model \'churn\' is the champion now' });
  assert.deepEqual(runEndNotice(run('r6', 'succeeded', { promotion: { decision: 'not-promoted', reasons: ['auc 0.6 is below the champion\'s 0.86 minus the allowed 0.02'], ...decided } })),
    { runId: 'r6', type: 'warning', message: 'train.ipynb succeeded in 3 min 4 s but was not promoted: auc 0.6 is below the champion\'s 0.86 minus the allowed 0.02' });
});

test('a run started here is announced once, when it ends, and then no longer asked for', async () => {
  const { runs, notices, timers, notifier } = setUp();
  assert.equal(timers.pending.size, 0, 'nothing followed: nothing polls');
  runs.set('r1', run('r1', 'running'));
  notifier.watch('r1');
  assert.equal(timers.pending.size, 1);
  await notifier.poll();
  assert.equal(notices.length, 0, 'still running');
  runs.set('r1', run('r1', 'failed', { failure: { kind: 'cell-error', summary: 'boom' } }));
  timers.fire(); // the poll the timer makes
  await new Promise(resolve => setImmediate(resolve));
  await notifier.poll();
  assert.deepEqual(notices.map(n => [n.runId, n.type]), [['r1', 'error']], 'one notice per run end');
  assert.deepEqual(notifier.watching, []);
  assert.equal(timers.pending.size, 0, 'nothing left to follow: polling stops');
});

test('a sidecar away is asked again; a deleted run is dropped without a notice', async () => {
  const { runs, notices, notifier } = setUp();
  runs.set('r1', new SidecarError('network' as never, 'the sidecar is not answering', 0));
  notifier.watch('r1');
  notifier.watch('gone');
  await notifier.poll();
  assert.deepEqual(notifier.watching, ['r1'], 'the deleted run is forgotten, the unanswered one kept');
  runs.set('r1', run('r1', 'succeeded'));
  await notifier.poll();
  assert.deepEqual(notices.map(n => n.runId), ['r1']);
});

test('the runs followed outlive a reload, and two tabs announce a run once between them', async () => {
  const storage = new MemoryStorage();
  const first = setUp(storage);
  first.notifier.watch('r1');
  first.notifier.watch('r1');
  assert.deepEqual(JSON.parse(storage.getItem(WATCHED_KEY)!), ['r1'], 'followed once');
  first.notifier.dispose();

  const reloaded = setUp(storage);
  const other = setUp(storage);
  assert.equal(reloaded.timers.pending.size, 1, 'a reloaded lab follows what the last one did');
  for (const tab of [reloaded, other]) {
    tab.runs.set('r1', run('r1', 'succeeded'));
  }
  await reloaded.notifier.poll();
  await other.notifier.poll();
  assert.equal(reloaded.notices.length + other.notices.length, 1);
});

test('a lab that started very many runs follows the newest', () => {
  const { notifier } = setUp(new MemoryStorage());
  for (let i = 0; i < MOST_WATCHED + 5; i++) {
    notifier.watch(`r${i}`);
  }
  assert.equal(notifier.watching.length, MOST_WATCHED);
  assert.equal(notifier.watching[0], 'r5');
});
