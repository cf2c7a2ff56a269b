/**
 * The sidecar's JSON, as its OpenAPI description says it (backend/.../api/openapi.json, served at
 * GET /api/openapi.json). The types are aliases over those generated from it into
 * generated/openapi.ts (`npm run generate-api`), so when the API changes, the compile says where
 * the extension must follow. Plain types only, so the pure modules and their unit tests can share them.
 */
import type { components } from './generated/openapi';

type Schemas = components['schemas'];

export type Severity = Schemas['Severity'];

/** lint/Finding.java: cells are 0-based over all cells (-1: the whole notebook), lines and columns 1-based within the cell. */
export type Finding = Schemas['Finding'];

/** lint/report/JsonReport.Body */
export type LintReport = Schemas['LintReport'];

/** api/endpoints/RulesEndpoint.RuleView, as GET /api/rules/{id} answers it. */
export type RuleDoc = Schemas['RuleDoc'];

/** POST /api/lint/fix: the cells a rule's safe fix changed, to apply in the editor. */
export type FixAnswer = Schemas['FixAnswer'];

/** POST /api/lint/ignore: where the rule is now ignored. */
export type IgnoredRule = Schemas['IgnoredRule'];

/** An nbformat cell as the sidecar sends it. */
export type NbCell = Schemas['NbCell'];

/** snippets/SnippetViews.summary */
export type SnippetSummary = Schemas['SnippetSummary'];

export type SnippetList = Schemas['SnippetList'];

/** snippets/SnippetViews.detail */
export type SnippetDetail = Schemas['SnippetDetail'];

/** POST /api/snippets: cells saved as a team snippet. */
export type NewSnippet = Schemas['NewSnippet'];

/** GET /api/review/diff */
export type ReviewDiff = Schemas['ReviewDiff'];

export type RunStatus = Schemas['RunStatus'];

/** deploy/cluster/RunFailure.java: fields it does not know are absent. */
export type RunFailure = Schemas['RunFailure'];

/** One row of GET /api/runs; its failure is the failure's summary (the run itself has the whole RunFailure). */
export type RunSummary = Schemas['RunSummary'];

/** A notebook registered to run on a cron schedule, with its next run and its last run's status (/api/schedules). */
export type Schedule = Schemas['Schedule'];

export type ScheduleList = Schemas['ScheduleList'];

export type ScheduleRequest = Schemas['ScheduleRequest'];

export type DeletedSchedule = Schemas['DeletedSchedule'];

/** GET /api/champion: a notebook's champion for a model, with its recent decisions. */
export type ChampionView = Schemas['ChampionView'];

/** POST /api/compare: two runs' models on the same rows. */
export type CompareRequest = Schemas['CompareRequest'];

/** serving/ModelComparison: the answers side by side, with a summary. */
export type ModelComparison = Schemas['ModelComparison'];

/** promotion/ChampionEvent: one entry of the champion's history. */
export type ChampionEvent = Schemas['ChampionEvent'];

export type RunPage = Schemas['RunPage'];

/** One succeeded run's metrics in GET /api/runs/metrics: `change` is after minus before, null for the first run. */
export type MetricPoint = Schemas['MetricPoint'];

export type MetricsHistory = Schemas['MetricHistory'];

/** The run manifest with its links: GET /api/runs/{id} and the 202 of POST /api/deploy. */
export type Run = Schemas['Run'];

/** DELETE /api/runs/{id}/record. */
export type DeletedRun = Schemas['DeletedRun'];

export type DeployRequest = Schemas['DeployRequest'];

/** POST /api/deploy/check: the deploy gate's verdict without deploying. */
export type DeployVerdict = Schemas['DeployCheck'];

/** One parameter of POST /api/deploy/check's answer (output_dir left out). */
export type CheckParameter = Schemas['GateParameter'];

/** The notebook's contract parameters (metadata.jupyship.contract.parameters, docs/contract.md): not the API's. */
export interface ContractParameter {
  type?: string;
  default?: unknown;
  description?: string;
  required?: boolean;
  min?: number;
  max?: number;
}
