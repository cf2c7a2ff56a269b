/** The review plugin: the notebook's .py export and its diff against HEAD or between revisions. */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { SidecarClient } from '../client';
import { describeError } from '../errors';
import { CommandIDs, PLUGIN_PREFIX } from '../tokens';
import { DiffView, ExportView, ReviewSource } from '../components/ReviewView';
import { activeNotebook, CATEGORY, openOnce } from '../shell';

export const reviewPlugin: JupyterFrontEndPlugin<void> = {
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
