/**
 * jupyship in JupyterLab: the lint panel, snippets, deploy to dev with its runs, and the review
 * view, each a plugin; all of them reach the sidecar through handler.ts.
 */
import { deployPlugin } from './plugins/deploy';
import { lintPlugin } from './plugins/lint';
import { reviewPlugin } from './plugins/review';
import { snippetsPlugin } from './plugins/snippets';

export default [lintPlugin, snippetsPlugin, deployPlugin, reviewPlugin];
