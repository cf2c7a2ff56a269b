/** The lint plugin: the lint panel on the right, its commands, and its settings (schema/lint.json). */
import { ILabShell, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { INotebookTracker } from '@jupyterlab/notebook';
import { Severity } from '../api';
import { SidecarClient } from '../client';
import { describeError } from '../errors';
import { CommandIDs, PLUGIN_PREFIX } from '../tokens';
import { lintIcon } from '../icons';
import { NotebookLinter } from '../lint';
import { Order } from '../lintView';
import { HtmlView } from '../components/HtmlView';
import { LintPanel } from '../components/LintPanel';
import { CATEGORY, openOnce } from '../shell';

export const lintPlugin: JupyterFrontEndPlugin<void> = {
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
