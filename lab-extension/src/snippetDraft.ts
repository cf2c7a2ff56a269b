/**
 * A new snippet from selected cells, as the save dialog fills it in: an id made from the title
 * (the catalog's form, lowercase words joined by '-'), tags from a comma-separated field, and the
 * cells it can hold. Plain TypeScript: unit-tested without JupyterLab.
 */

/** The catalog's id form: lowercase letters and digits, words joined by '-'. */
export const SNIPPET_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** An id from a title: "Score the Holdout (R²)" → "score-the-holdout-r". */
export function idFromTitle(title: string): string {
  return title
    .normalize('NFKD') // é → e and a combining accent, ² → 2
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .substring(0, 60)
    .replace(/-+$/, '');
}

/** Tags from "a, b  c,,": ["a", "b", "c"], each once. */
export function tagsFrom(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(tag => tag.length > 0))];
}

export interface ISnippetFields {
  id: string;
  title: string;
  description: string;
  category: string;
  tags: string;
}

/** What is wrong with the fields, field by field; empty when they can be sent. */
export function fieldProblems(fields: ISnippetFields): Partial<Record<keyof ISnippetFields, string>> {
  const problems: Partial<Record<keyof ISnippetFields, string>> = {};
  if (!fields.title.trim()) {
    problems.title = 'A title, shown in the menu and the search';
  }
  if (!SNIPPET_ID.test(fields.id)) {
    problems.id = 'Lowercase words joined by -, such as score-holdout';
  }
  if (!fields.description.trim()) {
    problems.description = 'One or two sentences on what it does';
  }
  if (!/^[a-z0-9-]+$/.test(fields.category)) {
    problems.category = 'A category, such as evaluation or training';
  }
  return problems;
}

/** The cells a snippet takes, in order: code and markdown (raw cells have no place in one), as nbformat has them. */
export function snippetCells<T extends { cell_type: string }>(cells: T[]): T[] {
  return cells.filter(cell => cell.cell_type === 'code' || cell.cell_type === 'markdown');
}
