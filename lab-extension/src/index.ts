/**
 * jupyship in JupyterLab: the lint panel, snippets, deploy to dev with its runs, and the review
 * view, each a plugin; all of them reach the sidecar through handler.ts.
 */
import { ILabShell, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget, Notification, Dialog, showDialog, ToolbarButton } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { IMainMenu, MainMenu } from '@jupyterlab/mainmenu';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { INotebookModel, INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { launchIcon, listIcon, pasteIcon } from '@jupyterlab/ui-components';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';
import { Menu, Widget } from '@lumino/widgets';
import { DeployVerdict, Run, Severity, SnippetDetail } from './api';
import { SidecarClient } from './client';
import { describeError, SidecarError } from './errors';
import { contractParameters, newIdempotencyKey, workspacePath } from './runs';
import { parametersCellValues, parameterValues } from './parameters';
import { revealCell } from './navigation';
import { namesMissingAbove } from './snippetCheck';
import { CommandIDs, PLUGIN_PREFIX, SNIPPETS_MENU_ID } from './tokens';
import { lintIcon } from './icons';
import { NotebookLinter } from './lint';
import { Order } from './lintView';
import { DeployDialogBody, EMPTY_DEPLOY_STATE, IDeployDialogState } from './components/DeployDialog';
import { HtmlView } from './components/HtmlView';
import { LintPanel } from './components/LintPanel';
import { DiffView, ExportView, ReviewSource } from './components/ReviewView';
import { RunsPanel } from './components/RunsPanel';
import { RunsView } from './components/RunsView';
import { IRunHost, RunView } from './components/RunView';
import { SnippetPanel } from './components/SnippetPanel';

const CATEGORY = 'jupyship';

/**
 * Opens (or brings forward) a main-area widget that the caller makes once per key: as a tab beside
 * `ref` (a widget id) when that is open, else in the given mode.
 */
function openOnce(app: JupyterFrontEnd, id: string, make: () => Widget, mode: 'split-right' | 'tab-after' = 'tab-after', ref?: string): void {
  const main = [...app.shell.widgets('main')];
  if (main.some(widget => widget.id === id)) {
    app.shell.activateById(id);
    return;
  }
  const content = make();
  const widget = new MainAreaWidget({ content });
  widget.id = id;
  widget.title.label = content.title.label;
  widget.title.closable = true;
  const beside = ref !== undefined && main.some(w => w.id === ref);
  app.shell.add(widget, 'main', beside ? { mode: 'tab-after', ref } : { mode });
  app.shell.activateById(id);
}

/** The active notebook, or a message saying one is needed. */
function activeNotebook(tracker: INotebookTracker, what: string): NotebookPanel | null {
  const panel = tracker.currentWidget;
  if (!panel) {
    Notification.warning(`${what}: open a notebook first`, { autoClose: 4000 });
  }
  return panel;
}

const lintPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PLUGIN_PREFIX}:lint`,
  description: 'Lint panel: findings of the active notebook, re-linted while typing and at each save.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, ILabShell, ISettingRegistry],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, palette: ICommandPalette | null, _shell: ILabShell | null, registry: ISettingRegistry | null) => {
    let linter: NotebookLinter;
    const panel = new LintPanel({
      select: finding => void linter.select(finding),
      showDoc: rule => void app.commands.execute(CommandIDs.showRuleDoc, { rule }),
      fix: finding => void linter.fix(finding),
      ignore: (finding, where) => linter.ignore(finding, where),
      relint: () => void linter.lintNow()
    });
    panel.title.icon = lintIcon;
    app.shell.add(panel, 'right', { rank: 200 });
    linter = new NotebookLinter(panel, tracker);
    // The Settings Editor's "jupyship lint" (schema/lint.json): applied at start and on each change.
    if (registry) {
      void registry.load(lintPlugin.id).then(settings => {
        const apply = (): void => {
          linter.configure({ quickLintDelay: settings.get('quickLintDelay').composite as number, ruff: settings.get('ruff').composite as boolean });
          panel.configure(settings.get('order').composite as Order, settings.get('hiddenSeverities').composite as Severity[]);
        };
        apply();
        settings.changed.connect(apply);
      }).catch(error => console.warn('jupyship: lint settings not loaded, defaults used', error));
    }

    app.commands.addCommand(CommandIDs.lintNow, {
      label: 'Lint Notebook (jupyship)',
      isEnabled: () => tracker.currentWidget !== null,
      execute: () => linter.lintNow()
    });
    app.commands.addCommand(CommandIDs.openLintPanel, {
      label: 'Show the Lint Panel',
      execute: () => app.shell.activateById(panel.id)
    });
    app.commands.addCommand(CommandIDs.showRuleDoc, {
      label: args => (args.rule ? `jupyship rule ${args.rule}` : 'jupyship rule'),
      execute: async args => {
        const rule = String(args.rule ?? '');
        try {
          const doc = await SidecarClient.rule(rule);
          openOnce(app, `jupyship-rule-${doc.id}`, () => {
            const view = new HtmlView(doc.html, 'jp-jupyship-rule-doc');
            view.title.label = `${doc.id} ${doc.name}`;
            return view;
          }, 'split-right');
        } catch (error) {
          Notification.error(`Rule ${rule}: ${describeError(error)}`, { autoClose: 8000 });
        }
      }
    });
    palette?.addItem({ command: CommandIDs.lintNow, category: CATEGORY });
    palette?.addItem({ command: CommandIDs.openLintPanel, category: CATEGORY });
  }
};

/** Inserts a snippet's cells below the active cell of the active notebook. */
async function insertSnippet(tracker: INotebookTracker, id: string): Promise<void> {
  const panel = activeNotebook(tracker, 'Insert snippet');
  if (!panel?.model) {
    return;
  }
  let snippet: SnippetDetail;
  try {
    snippet = await SidecarClient.snippet(id);
  } catch (error) {
    Notification.error(`Snippet ${id}: ${describeError(error)}`, { autoClose: 8000 });
    return;
  }
  const notebook = panel.content;
  const at = notebook.activeCellIndex + 1;
  // Fresh ids: the same snippet may be inserted twice, and nbformat ids must be unique.
  const cells = snippet.cells.map(({ id: _id, ...cell }) => ({ ...cell, source: Array.isArray(cell.source) ? cell.source.join('') : cell.source }));
  if (snippet.uses.length && !(await definedAbove(panel, snippet, at))) {
    return;
  }
  panel.model.sharedModel.insertCells(at, cells as never);
  notebook.activeCellIndex = at + cells.length - 1;
  Notification.success(`Inserted "${snippet.title}" (${cells.length} cell${cells.length === 1 ? '' : 's'})`, { autoClose: 3000 });
}

/**
 * Whether to go on with an insert: yes when every name the snippet reads is defined above `at`
 * (JS102 on the notebook as it would be says so) or the person inserts anyway; a warning before
 * inserting rather than errors after. If the sidecar cannot check, the insert goes on.
 */
async function definedAbove(panel: NotebookPanel, snippet: SnippetDetail, at: number): Promise<boolean> {
  const json = panel.model!.toJSON() as { cells: Array<{ source: string | string[] }> };
  json.cells.splice(at, 0, ...(snippet.cells as never[]));
  let missing: string[];
  try {
    const report = await SidecarClient.lint(json, panel.context.path, false);
    missing = namesMissingAbove(report.findings, at, snippet.cells.length, json.cells.map(c => (Array.isArray(c.source) ? c.source.join('') : c.source)));
  } catch {
    return true;
  }
  if (!missing.length) {
    return true;
  }
  const from = snippet.requires.length ? ` The snippet builds on ${snippet.requires.map(id => `"${id}"`).join(', ')}: insert that first, or define them yourself.` : '';
  const answer = await showDialog({
    title: `Insert "${snippet.title}"?`,
    body: `It reads ${missing.join(', ')}, which no cell above the insertion point defines: the batch would stop there with a NameError.${from}`,
    buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Insert anyway' })]
  });
  return answer.button.accept;
}

const snippetsPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PLUGIN_PREFIX}:snippets`,
  description: 'Snippets: a menu by category, a palette entry and a searchable side panel with preview.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, IMainMenu],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, palette: ICommandPalette | null, mainMenu: IMainMenu | null) => {
    const panel = new SnippetPanel(id => insertSnippet(tracker, id));
    panel.title.icon = pasteIcon;
    app.shell.add(panel, 'left', { rank: 600 });

    app.commands.addCommand(CommandIDs.openSnippets, {
      label: 'Insert Snippet…',
      caption: 'Search the platform\'s snippets and insert one below the active cell',
      execute: () => app.shell.activateById(panel.id)
    });
    app.commands.addCommand(CommandIDs.insertSnippet, {
      label: args => String(args.title ?? args.id ?? 'Insert snippet'),
      isEnabled: () => tracker.currentWidget !== null,
      execute: args => insertSnippet(tracker, String(args.id))
    });
    palette?.addItem({ command: CommandIDs.openSnippets, category: CATEGORY });

    // The menu itself is declared in schema/snippets.json; its categories come from the catalog.
    // When the sidecar cannot answer, the menu says why and offers to try again (and tries by itself).
    let menuProblem = '';
    let retry: ReturnType<typeof setTimeout> | undefined;
    const added: Menu.IItem[] = [];
    const fillMenu = async (menu: Menu, attempt: number): Promise<void> => {
      clearTimeout(retry);
      try {
        const catalog = await SidecarClient.snippets('');
        added.splice(0).forEach(item => menu.removeItem(item));
        for (const category of catalog.categories) {
          const submenu = new Menu({ commands: app.commands });
          submenu.title.label = category[0].toUpperCase() + category.substring(1);
          submenu.id = `jp-jupyship-snippets-${category}`;
          for (const snippet of catalog.snippets.filter(s => s.category === category)) {
            submenu.addItem({ command: CommandIDs.insertSnippet, args: { id: snippet.id, title: snippet.title } });
          }
          added.push(menu.addItem({ type: 'submenu', submenu }));
        }
        menuProblem = '';
      } catch (error) {
        menuProblem = describeError(error);
        if (added.length === 0) {
          added.push(menu.addItem({ command: CommandIDs.reloadSnippetMenu }));
        }
        app.commands.notifyCommandChanged(CommandIDs.reloadSnippetMenu);
        if (attempt < 12) {
          retry = setTimeout(() => void fillMenu(menu, attempt + 1), 5000);
        }
      }
    };
    void app.restored.then(() => {
      const menu = mainMenu instanceof MainMenu ? mainMenu.menus.find(m => m.id === SNIPPETS_MENU_ID) : undefined;
      if (!menu) {
        return;
      }
      app.commands.addCommand(CommandIDs.reloadSnippetMenu, {
        label: () => `Snippets unavailable (${menuProblem}): Try Again`,
        execute: () => fillMenu(menu, 0)
      });
      return fillMenu(menu, 0);
    });
  }
};

/** The cells of a notebook model as the parameters-cell reader wants them. */
function cellsOf(panel: NotebookPanel): Array<{ source: string; tags: string[] }> {
  return (panel.model?.sharedModel.cells ?? []).map(cell => {
    const tags = cell.getMetadata('tags');
    return { source: cell.getSource(), tags: Array.isArray(tags) ? (tags as string[]) : [] };
  });
}

/**
 * The deploy dialog, the deploy call, and the run opened after it. A refusal (bad parameters, the
 * gate) opens the dialog again with everything typed and the sidecar's whole message in it.
 */
async function deploy(panel: NotebookPanel, openRun: (id: string) => void): Promise<void> {
  const path = panel.context.path;
  if (panel.context.model.dirty) {
    await panel.context.save(); // deploy runs the saved notebook
  }
  const declared = contractParameters(panel.context.model.metadata);
  const cellValues = parametersCellValues(cellsOf(panel));
  const idempotencyKey = newIdempotencyKey(); // one per deploy, kept across reopenings: a retried request gives back the same run
  const check = SidecarClient.deployCheck({ path });
  let state: IDeployDialogState = EMPTY_DEPLOY_STATE;
  for (;;) {
    let dialog: Dialog<IDeployDialogState> | null = null;
    const body = new DeployDialogBody(path, declared, cellValues, { ...state }, cell => {
      dialog?.reject();
      void revealCell(panel, cell);
    });
    check.then(
      verdict => state.verdict === null && body.showVerdict(verdict),
      error => state.verdict === null && body.showVerdict(null, describeError(error))
    );
    dialog = new Dialog({
      title: 'Deploy to dev',
      body,
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Deploy' })],
      focusNodeSelector: 'input'
    });
    const result = await dialog.launch();
    if (!result.button.accept || !result.value) {
      return;
    }
    state = result.value;
    const types: Record<string, { type?: string }> = Object.fromEntries((state.verdict?.parameters ?? []).map(p => [p.name, p]));
    if (!body.valid) {
      state.problem = 'a parameter does not fit the contract (marked below)';
      continue; // Enter accepts even while Deploy is disabled
    }
    try {
      const parameters = parameterValues(state.typed, { ...declared, ...types });
      const run = await SidecarClient.deploy({ path, parameters, force: state.forced && (state.verdict?.blocking ?? 0) > 0, idempotencyKey });
      Notification.info(`Deployed ${path}: run ${run.id}`, { autoClose: 4000 });
      openRun(run.id);
      return;
    } catch (error) {
      const gate = error instanceof SidecarError && error.status === 422;
      if (gate && error.body && typeof error.body === 'object' && 'findings' in error.body) {
        state.verdict = { ...(state.verdict ?? {}), ...(error.body as DeployVerdict) };
      }
      state.problem = `${gate ? 'refused by the gate: ' : ''}${describeError(error)}`;
    }
  }
}

const deployPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PLUGIN_PREFIX}:deploy`,
  description: 'Deploy to dev: a notebook toolbar button, the run live, and the notebook\'s recent runs.',
  autoStart: true,
  requires: [INotebookTracker, IDocumentManager],
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, docs: IDocumentManager, palette: ICommandPalette | null) => {
    const serverRoot = PageConfig.getOption('serverRoot');
    let runs: RunsPanel;
    const host: IRunHost = {
      serverRoot,
      open: path => void docs.openOrReveal(path),
      goToCell: (notebook, cell) => {
        const widget = docs.openOrReveal(notebook);
        if (widget instanceof NotebookPanel) {
          void revealCell(widget, cell);
        }
      },
      openRun: id => openRun(id),
      changed: (_: Run) => void runs.refresh(),
      notebookMetadata: async run => {
        // The notebook as it ran (its stored input) when the store is in the workspace, else the notebook now.
        const path = workspacePath(run.links.input, serverRoot) ?? run.notebook;
        const model = await app.serviceManager.contents.get(path, { content: true, type: 'notebook' });
        return (model.content as { metadata?: unknown } | null)?.metadata ?? null;
      }
    };
    // Runs open as tabs of one area beside the notebook: the first splits it off, the next join it,
    // so three deploys leave three tabs, not three panes that squeeze the notebook.
    const openRun = (id: string): void => {
      const runViews = [...app.shell.widgets('main')].filter(w => w.id.startsWith('jupyship-run-'));
      openOnce(app, `jupyship-run-${id}`, () => new RunView(id, host), 'split-right', runViews[runViews.length - 1]?.id);
    };
    const openRunsView = (): void => openOnce(app, 'jupyship-runs-view', () => new RunsView(openRun));
    runs = new RunsPanel(openRun, () => void app.commands.execute(CommandIDs.openRunsView));
    runs.title.icon = listIcon;
    app.shell.add(runs, 'right', { rank: 210 });
    tracker.currentChanged.connect((_, panel) => runs.showNotebook(panel?.context.path ?? null));
    const afterDeploy = (id: string): void => {
      openRun(id);
      void runs.refresh();
    };

    app.commands.addCommand(CommandIDs.deploy, {
      label: 'Deploy to Dev…',
      caption: 'Run this notebook as a tracked batch on the dev cluster',
      icon: launchIcon,
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const panel = activeNotebook(tracker, 'Deploy');
        if (panel) {
          await deploy(panel, afterDeploy);
        }
      }
    });
    app.commands.addCommand(CommandIDs.openRuns, {
      label: 'Show Recent Runs',
      execute: () => app.shell.activateById(runs.id)
    });
    palette?.addItem({ command: CommandIDs.deploy, category: CATEGORY });
    app.commands.addCommand(CommandIDs.openRunsView, {
      label: 'All Runs',
      caption: 'Every run of the workspace in a table: filter by notebook and status, sort, compare two',
      execute: () => openRunsView()
    });
    palette?.addItem({ command: CommandIDs.openRuns, category: CATEGORY });
    palette?.addItem({ command: CommandIDs.openRunsView, category: CATEGORY });

    const button: DocumentRegistry.IWidgetExtension<NotebookPanel, INotebookModel> = {
      createNew: (panel: NotebookPanel): IDisposable => {
        const item = new ToolbarButton({
          className: 'jp-jupyship-deploy-button',
          icon: launchIcon,
          label: 'Deploy',
          tooltip: 'Deploy to dev: run this notebook as a tracked batch',
          // This button's notebook, whichever is current: activation would only take effect later.
          onClick: () => void deploy(panel, afterDeploy)
        });
        panel.toolbar.insertItem(10, 'jupyshipDeploy', item);
        return new DisposableDelegate(() => item.dispose());
      }
    };
    app.docRegistry.addWidgetExtension('Notebook', button);
  }
};

const reviewPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PLUGIN_PREFIX}:review`,
  description: 'Review: the notebook\'s .py export and its diff against HEAD.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, palette: ICommandPalette | null) => {
    app.commands.addCommand(CommandIDs.review, {
      label: 'Review: Export and Diff against HEAD',
      caption: 'Open the notebook\'s .py export and its diff against HEAD',
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const panel = activeNotebook(tracker, 'Review');
        if (!panel?.model) {
          return;
        }
        const path = panel.context.path;
        // A notebook still loading has an empty model: review what the file holds once it is in.
        await panel.context.ready;
        // Both of the notebook as the editor has it, saved or not; the views say which.
        const source: ReviewSource = panel.context.model.dirty ? 'unsaved' : 'saved';
        const notebook = panel.model.toJSON();
        // The export does not need git; a diff that fails (no repository, no HEAD yet) still leaves it to read.
        const [exported, diff] = await Promise.allSettled([SidecarClient.exportPy(notebook, path), SidecarClient.reviewDiff(notebook, path)]);
        if (exported.status === 'rejected') {
          Notification.error(`Review ${path}: ${describeError(exported.reason)}`, { autoClose: 8000 });
          return;
        }
        for (const old of [...app.shell.widgets('main')].filter(w => w.id === `jupyship-export-${path}` || w.id === `jupyship-diff-${path}`)) {
          old.dispose(); // a review shows the notebook as it is now
        }
        openOnce(app, `jupyship-export-${path}`, () => new ExportView(path, exported.value, source));
        if (diff.status === 'fulfilled') {
          // Later comparisons: to the editor's notebook as it is then, or between two revisions.
          const load = (from: string, to: string) =>
            to ? SidecarClient.reviewDiffBetween(path, from, to) : SidecarClient.reviewDiff(panel.model!.toJSON(), path, from);
          openOnce(app, `jupyship-diff-${path}`, () => new DiffView(diff.value, source, load), 'split-right');
        } else {
          Notification.warning(`Review ${path}: the export is open, but no diff: ${describeError(diff.reason)}`, { autoClose: 8000 });
        }
      }
    });
    palette?.addItem({ command: CommandIDs.review, category: CATEGORY });
  }
};

export default [lintPlugin, snippetsPlugin, deployPlugin, reviewPlugin];
