/**
 * Read-only text for the review: the .py export, and the diff against HEAD (or between any two
 * revisions) with what the .py cannot show. Those of the editor's notebook say whether that
 * includes unsaved changes.
 */
import { Widget } from '@lumino/widgets';
import { ReviewDiff } from '../api';
import { describeError } from '../errors';
import { Side, sideBySide } from '../sideBySide';
import { h } from './dom';

/** Whether what a review shows had unsaved changes in it. */
export type ReviewSource = 'unsaved' | 'saved' | 'revision';

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

/** Asks for a diff: from a revision to another, or to the editor's notebook when `to` is empty. */
export type DiffLoader = (from: string, to: string) => Promise<ReviewDiff>;

/**
 * The review diff with what the .py cannot show, between any two revisions: from a git revision
 * (HEAD by default) to the editor's notebook or to another revision; unified or side by side.
 */
export class DiffView extends Widget {
  private readonly fromInput = h('input', { className: 'jp-mod-styled jp-jupyship-diff-from', value: 'HEAD', 'aria-label': 'From revision', title: 'A git revision: HEAD, HEAD~2, a branch, a tag, a commit' });
  private readonly toInput = h('input', { className: 'jp-mod-styled jp-jupyship-diff-to', value: '', placeholder: 'editor', 'aria-label': 'To revision', title: 'Empty for the notebook in the editor; else a git revision, or WORKTREE for the saved file' });
  private readonly sideBySideBox = h('input', { type: 'checkbox', className: 'jp-jupyship-diff-side-by-side' });
  private readonly error = h('div', { className: 'jp-jupyship-alert', role: 'alert', hidden: true });
  private readonly body = h('div', { className: 'jp-jupyship-diff-body' });
  private diff: ReviewDiff;

  constructor(diff: ReviewDiff, private source: ReviewSource, private readonly load: DiffLoader) {
    super();
    this.diff = diff;
    this.addClass('jp-jupyship-review');
    this.addClass('jp-jupyship-diff');
    this.title.closable = true;
    const compare = h('button', { className: 'jp-mod-styled jp-mod-accept jp-jupyship-diff-compare', onclick: () => void this.compare() }, 'Compare');
    for (const input of [this.fromInput, this.toInput]) {
      input.addEventListener('keydown', event => {
        if (event.key === 'Enter') {
          void this.compare();
        }
      });
    }
    this.sideBySideBox.addEventListener('change', () => this.render());
    this.node.append(
      h('div', { className: 'jp-jupyship-diff-controls' },
        h('label', {}, 'From ', this.fromInput), h('label', {}, 'to ', this.toInput), compare,
        h('label', { className: 'jp-jupyship-diff-layout' }, this.sideBySideBox, ' Side by side')),
      this.error,
      this.body
    );
    this.render();
  }

  private async compare(): Promise<void> {
    const from = this.fromInput.value.trim() || 'HEAD';
    const to = this.toInput.value.trim();
    try {
      this.diff = await this.load(from, to);
      this.source = to ? 'revision' : this.source;
      this.error.hidden = true;
      this.render();
    } catch (error) {
      // The diff shown stays: it is still what it says it is.
      this.error.hidden = false;
      this.error.textContent = `Diff ${from}…${to || 'editor'}: ${describeError(error)}`;
    }
  }

  private render(): void {
    const { diff, source } = this;
    const to = diff.to === 'EDITOR' ? (source === 'unsaved' ? 'editor (unsaved)' : 'editor') : diff.to;
    this.title.label = `${diff.path}: ${diff.from}…${to}`;
    const s = diff.summary;
    const facts = s.notes; // the sidecar's own words for what the .py diff cannot show
    this.body.replaceChildren(
      source === 'revision' ? h('p', { className: 'jp-jupyship-note jp-jupyship-review-source', 'data-source': 'revision' }, `Between two revisions of ${diff.path}: ${diff.from} and ${diff.to}.`) : sourceNote(source),
      // summary.empty speaks of what the .py cannot show; the .py's own diff may still have changes.
      h('p', { className: 'jp-jupyship-diff-summary' }, s.empty && !diff.diff.trim() ? `No change from ${diff.from} to ${to}.` : `Changes from ${diff.from} to ${to}.`),
      facts.length ? h('ul', {}, ...facts.map(f => h('li', {}, f))) : '',
      this.sideBySideBox.checked ? this.renderSideBySide() : this.renderUnified()
    );
  }

  private renderUnified(): HTMLElement {
    const lines = this.diff.diff.split('\n').map(line =>
      h('span', { className: line.startsWith('+') ? 'jp-jupyship-added' : line.startsWith('-') ? 'jp-jupyship-removed' : line.startsWith('@@') ? 'jp-jupyship-hunk' : '' }, line + '\n')
    );
    return h('pre', { className: 'jp-jupyship-code', tabindex: 0 }, ...lines);
  }

  private renderSideBySide(): HTMLElement {
    const cell = (side: Side | null): HTMLElement[] => [
      h('td', { className: 'jp-jupyship-line-number' }, side ? String(side.n) : ''),
      h('td', { className: `jp-jupyship-code-line${side ? ` jp-jupyship-${side.kind}` : ' jp-jupyship-blank'}` }, side?.text ?? '')
    ];
    const rows = sideBySide(this.diff.diff).map(row =>
      'hunk' in row
        ? h('tr', { className: 'jp-jupyship-hunk' }, h('td', { colspan: 4 }, row.hunk))
        : h('tr', {}, ...cell(row.left), ...cell(row.right))
    );
    return h('div', { className: 'jp-jupyship-side-by-side-scroll', tabindex: 0 },
      h('table', { className: 'jp-jupyship-side-by-side' },
        h('thead', {}, h('tr', {}, h('th', { colspan: 2 }, this.diff.from), h('th', { colspan: 2 }, this.diff.to === 'EDITOR' ? 'editor' : this.diff.to))),
        h('tbody', {}, ...rows)));
  }
}
