/** The extension's ids in one place: plugin ids, command ids, and the Snippets menu's id. */

export const PLUGIN_PREFIX = 'jupyship-lab';

export namespace CommandIDs {
  export const lintNow = 'jupyship:lint-now';
  export const openLintPanel = 'jupyship:open-lint-panel';
  export const showRuleDoc = 'jupyship:show-rule-doc';
  export const openSnippets = 'jupyship:open-snippets';
  export const insertSnippet = 'jupyship:insert-snippet';
  export const reloadSnippetMenu = 'jupyship:reload-snippet-menu';
  export const saveSnippet = 'jupyship:save-snippet';
  export const deploy = 'jupyship:deploy';
  export const openRuns = 'jupyship:open-runs';
  export const openRunsView = 'jupyship:open-runs-view';
  export const review = 'jupyship:review';
}

/** The main-menu id declared in schema/snippets.json; category submenus are added to it at start. */
export const SNIPPETS_MENU_ID = 'jp-mainmenu-jupyship-snippets';
