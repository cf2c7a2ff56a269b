/**
 * Connects the active notebook to the lint panel: a full lint when it opens and at each save, a
 * quick one while typing (LintScheduler), markers on the cells with findings, going to a
 * finding, applying a rule's safe fix in the editor, and retrying while the sidecar is down.
 */
import { Notification } from '@jupyterlab/apputils';
import { NotebookPanel, INotebookTracker } from '@jupyterlab/notebook';
import { Cell } from '@jupyterlab/cells';
import { CodeMirrorEditor } from '@jupyterlab/codemirror';
import { setDiagnostics } from '@codemirror/lint';
import { Finding, LintReport } from './api';
import { SidecarClient } from './client';
import { describeError, SidecarError } from './errors';
import { cellDiagnostics } from './diagnostics';
import { CellGroup, groupByCell, isStandard, withCellIds, withStandardFindings } from './findings';
import { revealCell } from './navigation';
import { LintScheduler } from './scheduler';
import { sourceWithNoqa, withIgnored } from './suppress';
import { IgnoreScope, LintPanel } from './components/LintPanel';

/** How long the sidecar may stay down before we try again by ourselves. */
const RETRY_MS = 3000;
const MARKER_CLASSES = ['jp-jupyship-cell-error', 'jp-jupyship-cell-warning', 'jp-jupyship-cell-info'];

interface ISourcesSnapshot {
  sources: Map<string, string>;
  /** The cells' ids in order when the notebook was sent, for findings that come without one. */
  ids: string[];
}

/** The lint settings (schema/lint.json) that the linter itself uses. */
export interface ILinterOptions {
  quickLintDelay: number;
  ruff: boolean;
}

export class NotebookLinter {
  private notebook: NotebookPanel | null = null;
  private options: ILinterOptions = { quickLintDelay: 500, ruff: true };
  private scheduler: LintScheduler<{ report: LintReport; snapshot: ISourcesSnapshot }> | null = null;
  private standardFindings: Finding[] = [];
  private standardSources = new Map<string, string>();
  private findings: Finding[] = [];
  /** Our rules' findings in the answer shown last (the standard ones are merged in from the last full lint). */
  private ownFindings: Finding[] = [];
  private notes: string[] = [];
  private haveStandard = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** Each cell's findings shown now, by cell model id, for its editor's underlines. */
  private cellFindings = new Map<string, Finding[]>();
  /** What each cell's editor underlines now (by cell model id), so an unchanged cell is not redrawn. */
  private underlined = new Map<string, string>();
  /** Cells waiting for their editor (windowed notebooks render cells as they scroll into view). */
  private readonly waiting = new WeakSet<Cell>();

  constructor(
    readonly panel: LintPanel,
    private readonly tracker: INotebookTracker
  ) {
    tracker.currentChanged.connect((_, current) => this.follow(current));
    this.follow(tracker.currentWidget);
  }

  /** New settings: the active notebook is followed again with them (a new delay, ruff on or off). */
  configure(options: ILinterOptions): void {
    if (options.quickLintDelay === this.options.quickLintDelay && options.ruff === this.options.ruff) {
      return;
    }
    this.options = options;
    this.follow(null);
    this.follow(this.tracker.currentWidget);
  }

  /** The findings shown now (for commands and tests). */
  get current(): readonly Finding[] {
    return this.findings;
  }

  lintNow(): Promise<void> {
    return this.scheduler?.full() ?? Promise.resolve();
  }

  private follow(notebook: NotebookPanel | null): void {
    if (notebook === this.notebook) {
      return;
    }
    this.scheduler?.dispose();
    this.scheduler = null;
    this.clearRetry();
    if (this.notebook) {
      this.notebook.model?.contentChanged.disconnect(this.onEdited, this);
      this.notebook.context.saveState.disconnect(this.onSaveState, this);
      // The notebook left keeps no underlines that would be stale when it is back.
      this.cellFindings = new Map();
      if (!this.notebook.isDisposed) {
        this.notebook.content.widgets.forEach(cell => this.underline(cell));
      }
    }
    this.underlined = new Map();
    this.notebook = notebook;
    this.findings = [];
    this.ownFindings = [];
    this.notes = [];
    this.haveStandard = false;
    this.standardFindings = [];
    this.standardSources = new Map();
    this.panel.showNotebook(notebook ? notebook.context.path : null);
    if (!notebook) {
      return;
    }
    const scheduler = new LintScheduler({
      delayMs: this.options.quickLintDelay,
      run: standard => this.run(notebook, standard),
      apply: ({ report, snapshot }, standard) => this.show(notebook, report, snapshot, standard),
      // A full lint overtaken by a quick one still brings ruff's findings for the cells that did not change.
      superseded: ({ report, snapshot }, standard) => standard && this.show(notebook, report, snapshot, standard, false),
      fail: error => this.failed(error)
    });
    this.scheduler = scheduler;
    void notebook.context.ready.then(() => {
      if (this.notebook !== notebook) {
        return;
      }
      notebook.model?.contentChanged.connect(this.onEdited, this);
      notebook.context.saveState.connect(this.onSaveState, this);
      void scheduler.full();
    });
  }

  private onEdited(): void {
    this.scheduler?.edited();
  }

  private onSaveState(_: unknown, state: string): void {
    if (state === 'completed') {
      void this.scheduler?.full();
    }
  }

  private async run(notebook: NotebookPanel, standard: boolean): Promise<{ report: LintReport; snapshot: ISourcesSnapshot }> {
    const model = notebook.model!;
    const json = model.toJSON();
    const sources = new Map<string, string>();
    const ids: string[] = [];
    for (const cell of model.sharedModel.cells) {
      sources.set(cell.getId(), cell.getSource());
      ids.push(cell.getId());
    }
    this.panel.showBusy(standard ? 'linting with ruff…' : 'linting…');
    const report = await SidecarClient.lint(json, notebook.context.path, standard && this.options.ruff);
    return { report, snapshot: { sources, ids } };
  }

  /**
   * Shows an answer. A full one brings ruff's findings with the text they were found in; a quick one
   * (or a full one overtaken by a newer quick one: `own` false) keeps ruff's findings on unchanged cells.
   */
  private show(notebook: NotebookPanel, report: LintReport, snapshot: ISourcesSnapshot, standard: boolean, own = true): void {
    if (notebook !== this.notebook || !notebook.model) {
      return;
    }
    this.clearRetry();
    report = { ...report, findings: withCellIds(report.findings, snapshot.ids) };
    if (standard) {
      this.standardFindings = report.findings.filter(isStandard);
      this.standardSources = snapshot.sources;
      this.haveStandard = true;
    }
    if (own) {
      this.ownFindings = report.findings.filter(f => !isStandard(f));
      this.notes = report.notes;
    }
    const now = new Map<string, string>();
    const index = new Map<string, number>();
    notebook.model.sharedModel.cells.forEach((cell, i) => {
      now.set(cell.getId(), cell.getSource());
      index.set(cell.getId(), i);
    });
    this.findings = withStandardFindings(this.ownFindings, this.standardFindings, this.standardSources, now, index);
    this.panel.showFindings(this.findings, this.notes, this.haveStandard);
    this.mark(notebook, groupByCell(this.findings));
  }

  private failed(error: unknown): void {
    this.panel.showBusy('');
    this.panel.showError(`${describeError(error)}${error instanceof SidecarError && error.transient ? ' — retrying' : ''}`);
    if (error instanceof SidecarError && error.transient) {
      this.clearRetry();
      this.retry = setTimeout(() => {
        this.retry = null;
        void this.scheduler?.full();
      }, RETRY_MS);
    }
  }

  private clearRetry(): void {
    if (this.retry !== null) {
      clearTimeout(this.retry);
      this.retry = null;
    }
  }

  /**
   * A class on each cell with findings (its worst severity), the count for the marker, and the
   * findings underlined in the cell's editor with their rule and message on hover.
   */
  private mark(notebook: NotebookPanel, groups: CellGroup[]): void {
    const byCell = new Map<number, CellGroup>();
    for (const group of groups) {
      byCell.set(group.cell, group);
    }
    this.cellFindings = new Map();
    notebook.content.widgets.forEach((cell: Cell, index: number) => {
      const group = byCell.get(index);
      if (group) {
        this.cellFindings.set(cell.model.id, group.findings);
      }
      this.underline(cell);
      cell.node.classList.remove(...MARKER_CLASSES);
      if (group) {
        cell.node.classList.add(`jp-jupyship-cell-${group.worst}`);
        cell.node.dataset.jupyshipFindings = String(group.findings.length);
        cell.node.title = group.findings.map(f => `${f.rule} ${f.message}`).slice(0, 5).join('\n');
      } else if (cell.node.dataset.jupyshipFindings) {
        delete cell.node.dataset.jupyshipFindings;
        cell.node.removeAttribute('title');
      }
    });
  }

  /** Underlines the cell's findings in its editor; a cell not rendered yet gets them when it is. */
  private underline(cell: Cell): void {
    const view = cell.editor instanceof CodeMirrorEditor ? cell.editor.editor : null;
    const id = cell.model.id;
    if (!view) {
      if (this.cellFindings.has(id) && !this.waiting.has(cell)) {
        this.waiting.add(cell);
        void cell.ready.then(() => {
          this.waiting.delete(cell);
          if (!cell.isDisposed && cell.editor) {
            this.underline(cell);
          }
        });
      }
      return;
    }
    const diagnostics = cellDiagnostics(this.cellFindings.get(id) ?? [], view.state.doc);
    const key = JSON.stringify(diagnostics);
    if ((this.underlined.get(id) ?? '[]') === key) {
      return;
    }
    view.dispatch(setDiagnostics(view.state, diagnostics));
    this.underlined.set(id, key);
  }

  /** Selects the finding's cell and puts the cursor on its line and column. */
  async select(finding: Finding): Promise<void> {
    const notebook = this.notebook;
    if (!notebook || finding.cell < 0) {
      return;
    }
    const index = this.indexOf(notebook, finding);
    if (index >= 0) {
      await revealCell(notebook, index, finding.line, finding.column);
    }
  }

  private indexOf(notebook: NotebookPanel, finding: Finding): number {
    const cells = notebook.model!.sharedModel.cells;
    if (finding.cellId) {
      const byId = cells.findIndex(cell => cell.getId() === finding.cellId);
      if (byId >= 0) {
        return byId;
      }
    }
    return finding.cell < cells.length ? finding.cell : -1;
  }

  /**
   * Silences a finding's rule where it is, in the editor (undo takes it back): `# noqa: RULE` on its
   * line, or the rule in the cell's `jupyship.ignore` metadata; then lints again, with ruff.
   */
  ignore(finding: Finding, where: IgnoreScope): void {
    const notebook = this.notebook;
    if (!notebook?.model) {
      return;
    }
    if (where === 'project') {
      void this.ignoreInProject(notebook, finding.rule);
      return;
    }
    if (where === 'notebook') {
      notebook.model.setMetadata('jupyship', withIgnored(notebook.model.getMetadata('jupyship'), finding.rule));
      void this.scheduler?.full();
      return;
    }
    if (finding.notebookLevel || finding.cell < 0) {
      return;
    }
    const cell = notebook.model.sharedModel.cells[this.indexOf(notebook, finding)];
    if (!cell) {
      return;
    }
    if (where === 'line') {
      if (cell.cell_type !== 'code') {
        Notification.warning(`${finding.rule}: a # noqa comment goes in a code cell; ignore it in the cell instead`, { autoClose: 6000 });
        return;
      }
      cell.setSource(sourceWithNoqa(cell.getSource(), finding.line, finding.rule));
    } else {
      cell.setMetadata('jupyship', withIgnored(cell.getMetadata('jupyship'), finding.rule) as never);
    }
    void this.scheduler?.full();
  }

  /** The rule added to the project's pyproject.toml by the sidecar, which keeps the file's comments and layout; then a lint that reads it. */
  private async ignoreInProject(notebook: NotebookPanel, rule: string): Promise<void> {
    try {
      const answer = await SidecarClient.ignoreInPyproject(notebook.context.path, rule);
      Notification.success(answer.alreadyIgnored
        ? `${rule} was already ignored in ${answer.file}`
        : `${rule} is now ignored in ${answer.file}${answer.created ? ' (a new file)' : ''}, for every notebook it configures`, { autoClose: 5000 });
    } catch (error) {
      Notification.error(`Ignore ${rule} in pyproject.toml: ${describeError(error)}`, { autoClose: 10000 });
      return;
    }
    void this.scheduler?.full();
  }

  /** Asks the sidecar for the rule's fix of the notebook as it is now, and applies it in the editor. */
  async fix(finding: Finding): Promise<void> {
    const notebook = this.notebook;
    if (!notebook?.model) {
      return;
    }
    try {
      // The text the fix is computed from: if any cell differs when the answer comes (the user typed
      // meanwhile), nothing is applied, since a shared-model transaction does not roll back.
      const asked = notebook.model.sharedModel.cells.map(cell => [cell.getId(), cell.getSource()] as const);
      const answer = await SidecarClient.fix(notebook.model.toJSON(), notebook.context.path, finding.rule);
      const cells = notebook.model.sharedModel.cells;
      const unchanged = cells.length === asked.length && cells.every((cell, i) => cell.getId() === asked[i][0] && cell.getSource() === asked[i][1]);
      if (!unchanged || answer.cells.some(change => !cells[change.index] || (change.id && cells[change.index].getId() !== change.id))) {
        throw new Error(`the notebook changed while ${finding.rule}'s fix was computed; nothing was applied, try again`);
      }
      notebook.model.sharedModel.transact(() => {
        for (const change of answer.cells) {
          const target = cells[change.index];
          const source = Array.isArray(change.cell.source) ? change.cell.source.join('') : change.cell.source;
          if (target.getSource() !== source) {
            target.setSource(source);
          }
          target.setMetadata((change.cell.metadata ?? {}) as never);
          if (target.cell_type === 'code' && change.cell.outputs) {
            (target as unknown as { setOutputs(o: unknown[]): void }).setOutputs(change.cell.outputs);
          }
        }
      });
      Notification.success(answer.fixed.length ? `Applied ${answer.fixed.join(', ')}'s fix; save to keep it` : `${finding.rule}: nothing left to fix`, { autoClose: 4000 });
      void this.scheduler?.full();
    } catch (error) {
      Notification.error(`Fix ${finding.rule}: ${describeError(error)}`, { autoClose: 8000 });
    }
  }
}
