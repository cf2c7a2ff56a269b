/** The deploy plugin: the notebook toolbar's Deploy with its dialog, run views, the runs sidebar and the Runs view. */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification, Dialog, showDialog, ToolbarButton } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { ILauncher } from '@jupyterlab/launcher';
import { INotebookModel, INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { launchIcon, listIcon } from '@jupyterlab/ui-components';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';
import { DeployVerdict, Run } from '../api';
import { SidecarClient } from '../client';
import { describeError, SidecarError } from '../errors';
import { contractParameters, newIdempotencyKey, workspacePath } from '../runs';
import { RunNotices } from '../runNotices';
import { scheduleLine } from '../schedules';
import { parametersCellValues, parameterValues } from '../parameters';
import { revealCell } from '../navigation';
import { CommandIDs, PLUGIN_PREFIX } from '../tokens';
import { DeployDialogBody, EMPTY_DEPLOY_STATE, IDeployDialogState } from '../components/DeployDialog';
import { RunsPanel } from '../components/RunsPanel';
import { RunsView } from '../components/RunsView';
import { IRunHost, RunView } from '../components/RunView';
import { activeNotebook, CATEGORY, openOnce } from '../shell';

/** The browser's local storage, or null where it is denied (then this tab follows its runs in memory). */
function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The cells of a notebook model as the parameters-cell reader wants them. */
function cellsOf(panel: NotebookPanel): Array<{ source: string; tags: string[] }> {
  return (panel.model?.sharedModel.cells ?? []).map(cell => {
    const tags = cell.getMetadata('tags');
    return { source: cell.getSource(), tags: Array.isArray(tags) ? (tags as string[]) : [] };
  });
}

/**
 * The deploy dialog, the deploy call, and the run opened after it (or the schedule added, shown in
 * the runs sidebar). A refusal (bad parameters, a bad cron expression, the gate) opens the dialog again with everything typed and the sidecar's whole message in it.
 */
async function deploy(panel: NotebookPanel, openRun: (id: string) => void, scheduled: () => void): Promise<void> {
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
      if (state.schedule.on) {
        const schedule = await SidecarClient.addSchedule({ notebook: path, cron: state.schedule.cron, timeZone: state.schedule.timeZone || null, parameters });
        Notification.success(`Scheduled ${path}: ${scheduleLine(schedule)}`, { autoClose: 6000 });
        scheduled();
        return;
      }
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

export const deployPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PLUGIN_PREFIX}:deploy`,
  description: 'Deploy to dev: a notebook toolbar button, the run live, and the notebook\'s recent runs.',
  autoStart: true,
  requires: [INotebookTracker, IDocumentManager],
  optional: [ICommandPalette, ILauncher],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, docs: IDocumentManager, palette: ICommandPalette | null, launcher: ILauncher | null) => {
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
      },
      confirm: async (title, question, action) =>
        (await showDialog({ title, body: question, buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: action })] })).button.accept,
      deleted: () => {
        void runs.refresh();
        const view = [...app.shell.widgets('main')].find(w => w.id === 'jupyship-runs-view');
        if (view instanceof RunsView) {
          void view.load(false);
        }
      }
    };
    // Runs open as tabs of one area beside the notebook: the first splits it off, the next join it,
    // so three deploys leave three tabs, not three panes that squeeze the notebook.
    const openRun = (id: string): void => {
      const runViews = [...app.shell.widgets('main')].filter(w => w.id.startsWith('jupyship-run-'));
      openOnce(app, `jupyship-run-${id}`, () => new RunView(id, host), 'split-right', runViews[runViews.length - 1]?.id);
    };
    const openRunsView = (): void => openOnce(app, 'jupyship-runs-view', () => new RunsView(openRun));
    // The ends of the runs this lab starts, in the notification center: one notice each, with the run a click away.
    const notices = new RunNotices(
      id => SidecarClient.run(id),
      notice => {
        Notification.emit(notice.message, notice.type, {
          autoClose: notice.type === 'success' ? 8000 : false,
          actions: [{ label: 'Open run', caption: `Open run ${notice.runId}`, callback: () => openRun(notice.runId) }]
        });
      },
      browserStorage()
    );
    SidecarClient.onRunStarted(run => notices.watch(run.id));
    runs = new RunsPanel(openRun, () => void app.commands.execute(CommandIDs.openRunsView), host.confirm);
    runs.title.icon = listIcon;
    app.shell.add(runs, 'right', { rank: 210 });
    tracker.currentChanged.connect((_, panel) => runs.showNotebook(panel?.context.path ?? null));
    const afterDeploy = (id: string): void => {
      openRun(id);
      void runs.refresh();
    };
    const afterSchedule = (): void => {
      app.shell.activateById(runs.id);
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
          await deploy(panel, afterDeploy, afterSchedule);
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
      icon: listIcon,
      execute: () => openRunsView()
    });
    // On the Launcher too, where no notebook is open yet.
    launcher?.add({ command: CommandIDs.openRunsView, category: 'jupyship', rank: 1 });
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
          onClick: () => void deploy(panel, afterDeploy, afterSchedule)
        });
        panel.toolbar.insertItem(10, 'jupyshipDeploy', item);
        return new DisposableDelegate(() => item.dispose());
      }
    };
    app.docRegistry.addWidgetExtension('Notebook', button);
  }
};
