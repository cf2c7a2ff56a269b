/**
 * Read-only text for the review: the .py export, and the diff against HEAD with what the .py
 * cannot show. Both are of the notebook as the editor has it, and each says whether that includes
 * unsaved changes.
 */
import { Widget } from '@lumino/widgets';
import { ReviewDiff } from '../api';
import { h } from './dom';

/** Whether what a review shows had unsaved changes in it. */
export type ReviewSource = 'unsaved' | 'saved';

function sourceNote(source: ReviewSource): HTMLElement {
  return h(
    'p',
    { className: `jp-jupyship-note jp-jupyship-review-source`, 'data-source': source },
    source === 'unsaved'
      ? 'Of the notebook as in the editor, with its unsaved changes (the file on disk does not have them yet).'
      : 'Of the notebook as in the editor, the same as the saved file.'
  );
}

export class ExportView extends Widget {
  constructor(path: string, text: string, source: ReviewSource) {
    super();
    this.addClass('jp-jupyship-review');
    this.addClass('jp-jupyship-export');
    this.title.label = path.replace(/\.ipynb$/, '.py') + (source === 'unsaved' ? ' (export, unsaved)' : ' (export)');
    this.title.closable = true;
    this.node.append(sourceNote(source), h('pre', { className: 'jp-jupyship-code', tabindex: 0 }, text));
  }
}

export class DiffView extends Widget {
  constructor(diff: ReviewDiff, source: ReviewSource) {
    super();
    this.addClass('jp-jupyship-review');
    this.addClass('jp-jupyship-diff');
    const to = source === 'unsaved' ? 'editor (unsaved)' : 'editor';
    this.title.label = `${diff.path}: ${diff.from}…${to}`;
    this.title.closable = true;
    const s = diff.summary;
    const facts = s.notes; // the sidecar's own words for what the .py diff cannot show
    const lines = diff.diff.split('\n').map(line =>
      h('span', { className: line.startsWith('+') ? 'jp-jupyship-added' : line.startsWith('-') ? 'jp-jupyship-removed' : line.startsWith('@@') ? 'jp-jupyship-hunk' : '' }, line + '\n')
    );
    this.node.append(
      sourceNote(source),
      h('p', { className: 'jp-jupyship-diff-summary' }, s.empty ? `No change against ${diff.from}.` : `Changes against ${diff.from}.`),
      facts.length ? h('ul', {}, ...facts.map(f => h('li', {}, f))) : '',
      h('pre', { className: 'jp-jupyship-code', tabindex: 0 }, ...lines)
    );
  }
}
