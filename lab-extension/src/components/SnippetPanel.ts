/**
 * The snippet side panel: search the catalog as you type, preview one (description, the names it
 * reads from the notebook, its packages and cells), and insert its cells below the active cell.
 * Down from the search goes to the results; Up and Down move in them, Enter previews.
 */
import { Widget } from '@lumino/widgets';
import { SnippetDetail, SnippetSummary } from '../api';
import { SidecarClient } from '../client';
import { Debouncer } from '../debounce';
import { describeError } from '../errors';
import { h } from './dom';
import { setHtml } from './HtmlView';

export class SnippetPanel extends Widget {
  private previewTicket = 0;
  private readonly search = h('input', { className: 'jp-mod-styled jp-jupyship-snippet-search', type: 'search', placeholder: 'Search snippets', 'aria-label': 'Search snippets' });
  private readonly error = h('div', { className: 'jp-jupyship-alert', role: 'alert', hidden: true });
  private readonly list = h('ul', { className: 'jp-jupyship-snippet-list' });
  private readonly preview = h('div', { className: 'jp-jupyship-snippet-preview' });
  private readonly debouncer = new Debouncer(() => void this.refresh(), 200);
  private query = 0;
  /** The id of the snippet previewed now, if any. */
  private previewed: string | null = null;

  constructor(
    private readonly insert: (id: string) => Promise<void>,
    private readonly highlight?: (code: string, into: HTMLElement) => Promise<void>
  ) {
    super();
    this.id = 'jupyship-snippet-panel';
    this.addClass('jp-jupyship-snippet-panel');
    this.title.caption = 'jupyship snippets';
    this.search.addEventListener('input', () => this.debouncer.trigger());
    this.search.addEventListener('keydown', event => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        this.list.querySelector<HTMLElement>('.jp-jupyship-snippet')?.focus();
      }
    });
    this.list.addEventListener('keydown', event => this.onKey(event));
    this.node.append(this.search, this.error, this.list, this.preview);
  }

  protected onAfterShow(): void {
    void this.refresh();
    this.search.focus();
  }

  async refresh(): Promise<void> {
    const ticket = ++this.query; // latest search wins, as in the lint panel
    try {
      const answer = await SidecarClient.snippets(this.search.value);
      if (ticket !== this.query) {
        return;
      }
      this.error.hidden = true;
      // A result that has the focus keeps it across the new list, or (gone from it) the first result
      // takes it: keys pressed meanwhile reach the results, never the page.
      const focused = this.list.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.snippet : undefined;
      this.list.replaceChildren(...answer.snippets.map(s => this.renderSummary(s)));
      if (focused !== undefined) {
        const items = Array.from(this.list.querySelectorAll<HTMLElement>('.jp-jupyship-snippet'));
        (items.find(item => item.dataset.snippet === focused) ?? items[0] ?? this.search).focus();
      }
      // A preview of a snippet no longer in the results would look like one of them.
      if (this.previewed !== null && !answer.snippets.some(s => s.id === this.previewed)) {
        this.previewed = null;
        this.previewTicket++;
        this.preview.replaceChildren();
      }
      if (!answer.snippets.length) {
        this.list.append(h('li', { className: 'jp-jupyship-empty' }, 'No snippet matches.'));
      }
    } catch (error) {
      if (ticket === this.query) {
        this.error.hidden = false;
        this.error.textContent = `Snippets: ${describeError(error)}`;
      }
    }
  }

  private renderSummary(snippet: SnippetSummary): HTMLElement {
    return h(
      'li',
      { className: 'jp-jupyship-snippet', 'data-snippet': snippet.id, tabindex: 0, title: snippet.description, onclick: () => void this.showPreview(snippet.id) },
      h('span', { className: 'jp-jupyship-snippet-title' }, snippet.title),
      h('span', { className: 'jp-jupyship-snippet-category' }, snippet.category)
    );
  }

  async showPreview(id: string): Promise<void> {
    // The last snippet clicked wins: a slower answer for an earlier click never replaces it.
    const ticket = ++this.previewTicket;
    try {
      const snippet = await SidecarClient.snippet(id);
      if (ticket === this.previewTicket) {
        this.previewed = snippet.id;
        this.renderPreview(snippet);
      }
    } catch (error) {
      if (ticket === this.previewTicket) {
        this.preview.replaceChildren(h('div', { className: 'jp-jupyship-alert', role: 'alert' }, `Snippet ${id}: ${describeError(error)}`));
      }
    }
  }

  private renderPreview(snippet: SnippetDetail): void {
    const description = h('div', { className: 'jp-jupyship-snippet-description jp-RenderedHTMLCommon' });
    setHtml(description, snippet.descriptionHtml);
    const cells = snippet.cells.map(cell => {
      const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
      const pre = h('pre', { className: `jp-jupyship-snippet-cell jp-jupyship-${cell.cell_type}`, tabindex: 0 }, source);
      if (cell.cell_type === 'code' && this.highlight) {
        const code = h('code', { className: 'cm-s-jupyter' });
        // Plain text stays if highlighting fails: the code still reads.
        void this.highlight(source, code).then(() => pre.replaceChildren(code)).catch(() => undefined);
      }
      return pre;
    });
    const button = h(
      'button',
      { className: 'jp-mod-styled jp-mod-accept jp-jupyship-insert', onclick: () => void this.insert(snippet.id) },
      'Insert below the active cell'
    );
    const needs = snippet.packages.length ? h('p', { className: 'jp-jupyship-snippet-needs' }, `Needs: ${snippet.packages.join(', ')}`) : null;
    const uses = snippet.uses.length
      ? h('p', { className: 'jp-jupyship-snippet-uses' }, `Uses from the notebook: ${snippet.uses.join(', ')}`,
          snippet.requires.length ? ` (from ${snippet.requires.join(', ')}, or your own cells above)` : ' (define them above it)')
      : null;
    this.preview.replaceChildren(h('h3', {}, snippet.title), button, description, uses ?? '', needs ?? '', ...cells);
  }

  /** Up and Down between results (Up from the first goes back to the search); Enter previews. */
  private onKey(event: KeyboardEvent): void {
    const items = Array.from(this.list.querySelectorAll<HTMLElement>('.jp-jupyship-snippet'));
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (at < 0) {
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      void this.showPreview(items[at].dataset.snippet!);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const to = at + (event.key === 'ArrowDown' ? 1 : -1);
      (to < 0 ? this.search : items[Math.min(to, items.length - 1)]).focus();
    }
  }
}
