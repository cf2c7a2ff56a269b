/**
 * What the plugins share in JupyterLab's shell: opening a main-area view once, and the active
 * notebook with a word when there is none.
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Widget } from '@lumino/widgets';

/** The command palette's category of every jupyship command. */
export const CATEGORY = 'jupyship';

/**
 * Opens (or brings forward) a main-area widget that the caller makes once per key: as a tab beside
 * `ref` (a widget id) when that is open, else in the given mode.
 */
export function openOnce(app: JupyterFrontEnd, id: string, make: () => Widget, mode: 'split-right' | 'tab-after' = 'tab-after', ref?: string): void {
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
export function activeNotebook(tracker: INotebookTracker, what: string): NotebookPanel | null {
  const panel = tracker.currentWidget;
  if (!panel) {
    Notification.warning(`${what}: open a notebook first`, { autoClose: 4000 });
  }
  return panel;
}
