/**
 * The sidecar's JSON, field for field as the Java classes write it (README "The sidecar API").
 * Plain types only, so the pure modules and their unit tests can share them.
 */

export type Severity = 'error' | 'warning' | 'info';

/** lint/Finding.java: cells are 0-based over all cells, lines and columns 1-based within the cell. */
export interface Finding {
  rule: string;
  /** 'jupyship' for our rules; the standard linter's name (e.g. 'ruff') for its findings. */
  source: string;
  severity: Severity;
  message: string;
  /** -1 for a finding about the whole notebook */
  cell: number;
  cellId: string | null;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
  notebookLevel: boolean;
}

/** lint/report/JsonReport.Body */
export interface LintReport {
  file: string;
  findings: Finding[];
  notes: string[];
  summary: Record<Severity, number>;
}

/** lint/RuleInfo as GET /api/rules/{id} answers it. */
export interface RuleDoc {
  id: string;
  name: string;
  summary: string;
  family: string;
  severity: Severity;
  fixable: boolean;
  html: string;
}

/** POST /api/lint/fix: the cells a rule's safe fix changed, to apply in the editor. */
export interface FixAnswer {
  fixed: string[];
  cells: Array<{ index: number; id: string | null; cell: NbCell }>;
}

/** An nbformat cell as the sidecar sends it. */
export interface NbCell {
  cell_type: 'code' | 'markdown' | 'raw';
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
}

/** snippets/SnippetViews.summary */
export interface SnippetSummary {
  id: string;
  title: string;
  description: string;
  category: string;
  tags: string[];
  version: string;
  source: string;
  score?: number;
}

export interface SnippetList {
  query: string;
  snippets: SnippetSummary[];
  categories: string[];
  tags: string[];
  problems: Array<{ file: string; line: number; message: string }>;
}

/** snippets/SnippetViews.detail */
export interface SnippetDetail extends SnippetSummary {
  descriptionHtml: string;
  packages: string[];
  requires: string[];
  /** Names its code reads that none of its cells defines: the notebook above must (SnippetViews.uses). */
  uses: string[];
  file: string;
  cells: NbCell[];
}

/** GET /api/review/diff */
export interface ReviewDiff {
  path: string;
  from: string;
  to: string;
  diff: string;
  summary: {
    outputsChanged: number[];
    reExecuted: number[];
    cellMetadata: string[];
    notebookMetadata: string[];
    notes: string[];
    empty: boolean;
  };
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** deploy/RunFailure.java */
export interface RunFailure {
  kind: string;
  summary: string;
  cell: number | null;
  source: string | null;
  ename: string | null;
  evalue: string | null;
  traceback: string[] | null;
}

/** One row of GET /api/runs */
export interface RunSummary {
  id: string;
  notebook: string;
  status: RunStatus;
  createdAt: string;
  finishedAt: string | null;
  commit: string | null;
  /** The failure's summary (the run itself has the whole RunFailure). */
  failure: string | null;
  metrics: Record<string, unknown> | null;
}

export interface RunPage {
  runs: RunSummary[];
  count: number;
  total: number;
  next?: string;
}

/** GET /api/runs/metrics (Java: RunHistory.MetricPoint): `change` is after minus before, null for the first run. */
export interface MetricPoint {
  run: string;
  finishedAt: string;
  metrics: Record<string, unknown>;
  change: Record<string, number> | null;
  previousRun: string | null;
}

export interface MetricsHistory {
  notebook: string;
  points: MetricPoint[];
}

/** The run manifest, GET /api/runs/{id} and the 202 of POST /api/deploy */
export interface Run {
  id: string;
  project: string;
  notebook: string;
  git?: { repository?: string; commit?: string; branch?: string; dirty?: boolean; author?: string };
  parameters: Record<string, unknown>;
  status: RunStatus;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  failure?: RunFailure | null;
  metrics?: Record<string, unknown> | null;
  artifacts?: string[];
  rerunOf?: string;
  forced?: boolean;
  /** input, log, and once it has ended: executedNotebook (only when stored), metrics, artifacts */
  links: Record<string, string>;
}

export interface DeployRequest {
  path: string;
  parameters?: Record<string, unknown>;
  force?: boolean;
  idempotencyKey?: string;
}

/** POST /api/deploy/check: the deploy gate's verdict without deploying (Java: RunEndpoints.verdict). */
export interface DeployVerdict {
  file: string;
  passes: boolean;
  /** Error-severity findings (lint or contract): deploying needs force. */
  blocking: number;
  findings: Finding[];
  /** Parameters that do not fit the contract: never forced. */
  parameterProblems: string[];
  contract: boolean;
  /** The contract's parameters as the gate reads them (output_dir left out). */
  parameters: CheckParameter[];
  target: string;
  cluster: string;
  image: string;
}

/** One parameter of POST /api/deploy/check's answer. */
export interface CheckParameter {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  allowed?: unknown[];
  min?: number | string;
  max?: number | string;
}

/** The notebook's contract parameters (metadata.jupyship.contract.parameters, docs/contract.md). */
export interface ContractParameter {
  type?: string;
  default?: unknown;
  description?: string;
  required?: boolean;
  min?: number;
  max?: number;
}
