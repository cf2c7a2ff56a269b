/** The snippets plugin: the Snippets menu, the palette entry and the side panel, and inserting with the check of what a snippet reads. */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification, Dialog, showDialog } from '@jupyterlab/apputils';
import { IMainMenu, MainMenu } from '@jupyterlab/mainmenu';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { pasteIcon } from '@jupyterlab/ui-components';
import { Menu } from '@lumino/widgets';
import { SnippetDetail } from '../api';
import { SidecarClient } from '../client';
import { describeError } from '../errors';
import { namesMissingAbove } from '../snippetCheck';
import { ISnippetFields, snippetCells, tagsFrom } from '../snippetDraft';
import { CommandIDs, PLUGIN_PREFIX, SNIPPETS_MENU_ID } from '../tokens';
import { SnippetPanel } from '../components/SnippetPanel';
import { SnippetSaveBody } from '../components/SnippetSaveDialog';
import { activeNotebook, CATEGORY } from '../shell';

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
 * Saves the selected cells (the active one when none is selected) as a snippet in the team folder.
 * A refusal (an id taken, no team folder, a cell the format cannot hold) opens the dialog again
 * with everything typed and the sidecar's whole message.
 */
async function saveSnippet(tracker: INotebookTracker, saved: () => void): Promise<void> {
  const panel = activeNotebook(tracker, 'Save cells as snippet');
  if (!panel?.model) {
    return;
  }
  const notebook = panel.content;
  const chosen = notebook.widgets.filter(cell => notebook.isSelectedOrActive(cell)).map(cell => cell.model.toJSON());
  const cells = snippetCells(chosen);
  const summary = `${cells.length} cell${cells.length === 1 ? '' : 's'} of ${panel.context.path}${chosen.length > cells.length ? ' (raw cells left out)' : ''}, saved in the team's snippet folder.`;
  let categories: string[] = [];
  try {
    categories = (await SidecarClient.snippets('')).categories;
  } catch {
    // the category field still takes any name
  }
  let fields: ISnippetFields = { title: '', id: '', description: '', category: '', tags: '' };
  let problem: string | null = null;
  for (;;) {
    let dialog: Dialog<ISnippetFields> | null = null;
    const body = new SnippetSaveBody(fields, categories, summary, problem, () => {
      const save = dialog?.node.querySelector<HTMLButtonElement>('.jp-mod-accept');
      if (save) {
        save.disabled = !body.valid;
      }
    });
    dialog = new Dialog({ title: 'Save Cells as Snippet', body, buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Save' })], focusNodeSelector: 'input' });
    const result = await dialog.launch();
    if (!result.button.accept || !result.value) {
      return;
    }
    fields = result.value;
    if (!body.valid) {
      problem = 'a field is not filled in as it should be (marked below)';
      continue; // Enter accepts even while Save is disabled
    }
    try {
      const snippet = await SidecarClient.createSnippet({
        id: fields.id, title: fields.title.trim(), description: fields.description.trim(), category: fields.category, tags: tagsFrom(fields.tags), cells: cells as never
      });
      Notification.success(`Saved "${snippet.title}" as the team snippet ${snippet.id}`, { autoClose: 5000 });
      saved();
      return;
    } catch (error) {
      problem = describeError(error);
    }
  }
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

export const snippetsPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PLUGIN_PREFIX}:snippets`,
  description: 'Snippets: a menu by category, a palette entry and a searchable side panel with preview.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, IMainMenu, IEditorLanguageRegistry],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, palette: ICommandPalette | null, mainMenu: IMainMenu | null,
    languages: IEditorLanguageRegistry | null) => {
    // The preview's code highlighted as JupyterLab's editor highlights Python.
    const highlight = languages ? (code: string, into: HTMLElement) => languages.highlight(code, languages.findBest('python'), into) : undefined;
    const panel = new SnippetPanel(id => insertSnippet(tracker, id), highlight);
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
    let refreshMenu = (): void => undefined;
    app.commands.addCommand(CommandIDs.saveSnippet, {
      label: 'Save Cells as Snippet…',
      caption: 'Save the selected cells as a snippet in the team\'s folder, for everyone\'s insert menu',
      isEnabled: () => tracker.currentWidget !== null,
      execute: () => saveSnippet(tracker, () => {
        void panel.refresh();
        refreshMenu();
      })
    });
    palette?.addItem({ command: CommandIDs.saveSnippet, category: CATEGORY });
    app.contextMenu.addItem({ command: CommandIDs.saveSnippet, selector: '.jp-Notebook .jp-Cell', rank: 40 });

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
      refreshMenu = () => void fillMenu(menu, 0);
      app.commands.addCommand(CommandIDs.reloadSnippetMenu, {
        label: () => `Snippets unavailable (${menuProblem}): Try Again`,
        execute: () => fillMenu(menu, 0)
      });
      return fillMenu(menu, 0);
    });
  }
};
