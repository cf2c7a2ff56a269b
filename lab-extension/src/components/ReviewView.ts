/** Read-only text for the review: the .py export, and the diff against HEAD with what the .py cannot show. */
import { Widget } from '@lumino/widgets';
import { ReviewDiff } from '../api';
import { h } from './dom';

export class ExportView extends Widget {
  constructor(path: string, text: string, note: string | null) {
    super();
    this.addClass('jp-jupyship-review');
    this.addClass('jp-jupyship-export');
    this.title.label = path.replace(/\.ipynb$/, '.py') + ' (export)';
    this.title.closable = true;
    this.node.append(note ? h('p', { className: 'jp-jupyship-note' }, note) : '', h('pre', { className: 'jp-jupyship-code' }, text));
  }
}

export class DiffView extends Widget {
  constructor(diff: ReviewDiff) {
    super();
    this.addClass('jp-jupyship-review');
    this.addClass('jp-jupyship-diff');
    this.title.label = `${diff.path}: ${diff.from}…${diff.to}`;
    this.title.closable = true;
    const s = diff.summary;
    const facts = s.notes; // the sidecar's own words for what the .py diff cannot show
    const lines = diff.diff.split('\n').map(line =>
      h('span', { className: line.startsWith('+') ? 'jp-jupyship-added' : line.startsWith('-') ? 'jp-jupyship-removed' : line.startsWith('@@') ? 'jp-jupyship-hunk' : '' }, line + '\n')
    );
    this.node.append(
      h('p', { className: 'jp-jupyship-diff-summary' }, s.empty ? `No change against ${diff.from}.` : `Changes against ${diff.from}.`),
      facts.length ? h('ul', {}, ...facts.map(f => h('li', {}, f))) : '',
      h('pre', { className: 'jp-jupyship-code' }, ...lines)
    );
  }
}
