/**
 * The body of "Save Cells as Snippet": title, id (made from the title until edited), description,
 * category (the catalog's, or a new one) and tags, each labelled and checked as it is typed; the
 * cells it will hold; and the problem of the last attempt, when the dialog opens again after one.
 */
import { Widget } from '@lumino/widgets';
import { fieldProblems, idFromTitle, ISnippetFields } from '../snippetDraft';
import { h } from './dom';

let dialogs = 0;

const LABELS: Record<keyof ISnippetFields, string> = {
  title: 'Title',
  id: 'Id',
  description: 'Description',
  category: 'Category',
  tags: 'Tags (comma-separated)'
};

export class SnippetSaveBody extends Widget {
  private readonly inputs = new Map<keyof ISnippetFields, HTMLInputElement>();
  private readonly errors = new Map<keyof ISnippetFields, HTMLElement>();
  private idEdited: boolean;

  constructor(fields: ISnippetFields, categories: string[], cellSummary: string, problem: string | null, private readonly changed: () => void) {
    super();
    this.addClass('jp-jupyship-snippet-save');
    const n = ++dialogs;
    this.idEdited = fields.id !== '' && fields.id !== idFromTitle(fields.title);
    const list = h('datalist', { id: `jp-jupyship-categories-${n}` }, ...categories.map(c => h('option', { value: c })));
    this.node.append(h('p', { className: 'jp-jupyship-note' }, cellSummary), list);
    if (problem) {
      this.node.append(h('div', { className: 'jp-jupyship-alert', role: 'alert' }, problem));
    }
    for (const key of Object.keys(LABELS) as Array<keyof ISnippetFields>) {
      const id = `jp-jupyship-snippet-${key}-${n}`;
      const input = h('input', { className: `jp-mod-styled jp-jupyship-snippet-${key}`, id, value: fields[key], 'aria-describedby': `${id}-error` });
      if (key === 'category') {
        input.setAttribute('list', list.id);
      }
      const error = h('div', { className: 'jp-jupyship-field-error', id: `${id}-error`, 'aria-live': 'polite' });
      input.addEventListener('input', () => this.onInput(key));
      this.inputs.set(key, input);
      this.errors.set(key, error);
      this.node.append(h('div', { className: 'jp-jupyship-field' }, h('label', { for: id }, LABELS[key]), input, error));
    }
    this.check(false);
  }

  /** The fields as typed. */
  getValue(): ISnippetFields {
    const value = (key: keyof ISnippetFields) => this.inputs.get(key)!.value;
    return { title: value('title'), id: value('id'), description: value('description'), category: value('category'), tags: value('tags') };
  }

  /** Whether the fields can be sent. */
  get valid(): boolean {
    return Object.keys(fieldProblems(this.getValue())).length === 0;
  }

  private onInput(key: keyof ISnippetFields): void {
    if (key === 'id') {
      this.idEdited = true;
    } else if (key === 'title' && !this.idEdited) {
      this.inputs.get('id')!.value = idFromTitle(this.inputs.get('title')!.value);
    }
    this.check(true);
    this.changed();
  }

  /** Shows each field's problem; before any typing only the fields already filled in are judged. */
  private check(typed: boolean): void {
    const problems = fieldProblems(this.getValue());
    for (const [key, input] of this.inputs) {
      const problem = typed || input.value !== '' ? problems[key] ?? '' : '';
      this.errors.get(key)!.textContent = problem;
      input.setAttribute('aria-invalid', String(problem !== ''));
    }
  }
}
