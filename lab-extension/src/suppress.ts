/**
 * "Ignore this rule" from the lint panel, written where the linter reads suppressions (see
 * Suppressions.java): `# noqa: RULE` at the end of the line, or the cell's metadata
 * `"jupyship": {"ignore": [...]}`. Both are edits in the editor, so undo takes them back. Plain
 * TypeScript: unit-tested without JupyterLab.
 */

const NOQA = /#\s*noqa(?::\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*))?\s*$/i;

/** The line with `rule` silenced: added to its `# noqa: …` list, or a new `  # noqa: RULE`; unchanged when already silenced. */
export function withNoqa(line: string, rule: string): string {
  const noqa = NOQA.exec(line);
  if (!noqa) {
    return `${line.replace(/\s+$/, '')}  # noqa: ${rule}`;
  }
  const ids = noqa[1] ? noqa[1].split(/\s*,\s*/) : null;
  if (ids === null || ids.some(id => id.toUpperCase() === rule.toUpperCase())) {
    return line; // a bare `# noqa` silences everything already
  }
  return `${line.slice(0, noqa.index)}# noqa: ${[...ids, rule].join(', ')}`;
}

/** The cell source with `rule` silenced on its 1-based line. */
export function sourceWithNoqa(source: string, line: number, rule: string): string {
  const lines = source.split('\n');
  if (line < 1 || line > lines.length) {
    return source;
  }
  lines[line - 1] = withNoqa(lines[line - 1], rule);
  return lines.join('\n');
}

/** The cell's `jupyship` metadata with `rule` in its ignore list (other keys kept). */
export function withIgnored(jupyship: unknown, rule: string): Record<string, unknown> {
  const current = jupyship && typeof jupyship === 'object' && !Array.isArray(jupyship) ? (jupyship as Record<string, unknown>) : {};
  const ignored = Array.isArray(current.ignore) ? current.ignore.filter((id): id is string => typeof id === 'string') : [];
  return ignored.includes(rule) ? current : { ...current, ignore: [...ignored, rule] };
}
