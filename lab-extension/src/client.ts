/**
 * The sidecar's API as typed calls, one per route (README "The sidecar API"); every call goes
 * through {@link requestAPI}.
 */
import { SidecarError } from './errors';
import { requestAPI } from './handler';
import {
  ChampionEvent,
  ChampionView,
  CompareRequest,
  DeletedRun,
  DeletedSchedule,
  DeployRequest,
  DeployVerdict,
  FixAnswer,
  IgnoredRule,
  LintReport,
  MetricsHistory,
  ModelComparison,
  NewSnippet,
  ReviewDiff,
  Run,
  RunPage,
  RuleDoc,
  RunSummary,
  Schedule,
  ScheduleList,
  ScheduleRequest,
  SnippetDetail,
  SnippetList
} from './api';

/** Bodiless state-changing calls name the client instead: a header no cross-site form can send (the sidecar's RequestGuard). */
const CLIENT_HEADER = { 'X-Jupyship-Client': 'lab' };

/** Who hears of each run this lab starts, whichever view started it (the notification center follows them). */
const runStartedListeners = new Set<(run: { id: string }) => void>();

function startedHere<R extends { id: string }>(run: R): R {
  runStartedListeners.forEach(listener => listener(run));
  return run;
}

export const SidecarClient = {
  /** Lints the notebook as the editor has it (saved or not); `standard=false` skips ruff. */
  lint(notebook: unknown, path: string, standard: boolean, signal?: AbortSignal): Promise<LintReport> {
    return requestAPI<LintReport>('lint', {
      method: 'POST',
      query: { path, standard: standard ? undefined : 'false' },
      body: JSON.stringify(notebook),
      signal
    });
  },

  /** Ignores a rule for the project: in the pyproject.toml whose jupyship table applies to the notebook. */
  ignoreInPyproject(path: string, rule: string): Promise<IgnoredRule> {
    return requestAPI<IgnoredRule>('lint/ignore', { method: 'POST', query: { path, rule }, headers: CLIENT_HEADER });
  },

  /** The cells one rule's safe fix changes; nothing is written on the server. */
  fix(notebook: unknown, path: string, rule: string): Promise<FixAnswer> {
    return requestAPI<FixAnswer>('lint/fix', { method: 'POST', query: { path, rule }, body: JSON.stringify(notebook) });
  },

  rule(id: string): Promise<RuleDoc> {
    return requestAPI<RuleDoc>(`rules/${encodeURIComponent(id)}`);
  },

  /** Saves cells as a new snippet in the team folder. */
  createSnippet(snippet: NewSnippet): Promise<SnippetDetail> {
    return requestAPI<SnippetDetail>('snippets', { method: 'POST', body: JSON.stringify(snippet) });
  },

  snippets(q = '', category?: string): Promise<SnippetList> {
    return requestAPI<SnippetList>('snippets', { query: { q, category, limit: 200 } });
  },

  snippet(id: string): Promise<SnippetDetail> {
    return requestAPI<SnippetDetail>(`snippets/${encodeURIComponent(id)}`);
  },

  /** The py:percent export of the notebook as the editor has it, saved or not (the body wins over `path`). */
  exportPy(notebook: unknown, path: string): Promise<string> {
    return requestAPI<string>('export', { method: 'POST', query: { path }, body: JSON.stringify(notebook), as: 'text' });
  },

  /** The diff of `from` against the notebook as the editor has it, saved or not (`to` answers EDITOR). */
  reviewDiff(notebook: unknown, path: string, from = 'HEAD'): Promise<ReviewDiff> {
    return requestAPI<ReviewDiff>('review/diff', { method: 'POST', query: { path, from }, body: JSON.stringify(notebook) });
  },

  /** The review diff between two git revisions of a notebook (`to` may be WORKTREE, the saved file). */
  reviewDiffBetween(path: string, from: string, to: string): Promise<ReviewDiff> {
    return requestAPI<ReviewDiff>('review/diff', { query: { path, from, to } });
  },

  /** The deploy gate's verdict on the saved file (lint errors, the contract, the parameters), without deploying. */
  deployCheck(request: DeployRequest): Promise<DeployVerdict> {
    return requestAPI<DeployVerdict>('deploy/check', { method: 'POST', body: JSON.stringify(request) });
  },

  deploy(request: DeployRequest): Promise<Run> {
    return requestAPI<Run>('deploy', { method: 'POST', body: JSON.stringify(request) }).then(startedHere);
  },

  /** Calls the listener with each run this lab starts (a deploy, a rerun); answers how to stop. */
  onRunStarted(listener: (run: { id: string }) => void): () => void {
    runStartedListeners.add(listener);
    return () => runStartedListeners.delete(listener);
  },

  /** A notebook's runs, or the workspace's (notebook null), newest first. */
  runs(notebook: string | null, limit = 20, before?: string): Promise<RunPage> {
    return requestAPI<RunPage>('runs', { query: { notebook: notebook ?? undefined, limit, before } });
  },

  /** Each succeeded run's metrics, newest first, with the change against the previous one. */
  runMetrics(notebook: string): Promise<MetricsHistory> {
    return requestAPI<MetricsHistory>('runs/metrics', { query: { notebook } });
  },

  /** A notebook's champion for a model (the contract's model name), or null when none was promoted yet. */
  async champion(notebook: string, model?: string): Promise<ChampionView | null> {
    try {
      return await requestAPI<ChampionView>('champion', { query: { notebook, model } });
    } catch (error) {
      if (error instanceof SidecarError && error.status === 404) {
        return null;
      }
      throw error;
    }
  },

  /** Two runs' models on the same rows (a CSV or JSON file of the workspace), each loaded as serving loads it. */
  compare(request: CompareRequest): Promise<ModelComparison> {
    return requestAPI<ModelComparison>('compare', { method: 'POST', body: JSON.stringify(request) });
  },

  /** Makes a succeeded run its notebook's champion by hand. */
  promote(run: string): Promise<ChampionEvent> {
    return requestAPI<ChampionEvent>('promote', { method: 'POST', body: JSON.stringify({ run }) });
  },

  run(id: string): Promise<Run> {
    return requestAPI<Run>(`runs/${encodeURIComponent(id)}`);
  },

  runLog(id: string): Promise<string> {
    return requestAPI<string>(`runs/${encodeURIComponent(id)}/log`, { as: 'text' });
  },

  /** Cancels a run in flight (409 once it has ended). */
  cancelRun(id: string): Promise<Run> {
    return requestAPI<Run>(`runs/${encodeURIComponent(id)}`, { method: 'DELETE', headers: CLIENT_HEADER });
  },

  /** Deletes an ended run and every file it stored. */
  deleteRun(id: string): Promise<DeletedRun> {
    return requestAPI<DeletedRun>(`runs/${encodeURIComponent(id)}/record`, { method: 'DELETE', headers: CLIENT_HEADER });
  },

  /** A notebook's schedules (the workspace's with notebook null). */
  schedules(notebook: string | null): Promise<ScheduleList> {
    return requestAPI<ScheduleList>('schedules', { query: { notebook: notebook ?? undefined } });
  },

  addSchedule(request: ScheduleRequest): Promise<Schedule> {
    return requestAPI<Schedule>('schedules', { method: 'POST', body: JSON.stringify(request) });
  },

  pauseSchedule(id: string): Promise<Schedule> {
    return requestAPI<Schedule>(`schedules/${encodeURIComponent(id)}/pause`, { method: 'POST', headers: CLIENT_HEADER });
  },

  resumeSchedule(id: string): Promise<Schedule> {
    return requestAPI<Schedule>(`schedules/${encodeURIComponent(id)}/resume`, { method: 'POST', headers: CLIENT_HEADER });
  },

  /** Deletes a schedule; its runs stay in the notebook's history. */
  deleteSchedule(id: string): Promise<DeletedSchedule> {
    return requestAPI<DeletedSchedule>(`schedules/${encodeURIComponent(id)}`, { method: 'DELETE', headers: CLIENT_HEADER });
  },

  /** Starts a schedule's run now, with its parameters and revision; the lab follows it as its own. */
  runScheduleNow(id: string): Promise<RunSummary> {
    return requestAPI<RunSummary>(`schedules/${encodeURIComponent(id)}/run`, { method: 'POST', headers: CLIENT_HEADER }).then(startedHere);
  },

  /** A new run from an old run's inputs. */
  rerun(id: string, idempotencyKey: string): Promise<Run> {
    return requestAPI<Run>(`runs/${encodeURIComponent(id)}/rerun`, { method: 'POST', headers: { ...CLIENT_HEADER, 'Idempotency-Key': idempotencyKey } })
      .then(startedHere);
  }
};
