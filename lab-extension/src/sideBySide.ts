/**
 * A unified diff as two columns, the way review tools show it side by side: unchanged lines on
 * both sides, a run of removed lines beside the run of added lines that replaced it, line numbers
 * of each side. Plain TypeScript: unit-tested without JupyterLab.
 */

export interface Side {
  /** The line's number in its revision. */
  n: number;
  text: string;
  kind: 'same' | 'removed' | 'added';
}

export type Row = { hunk: string } | { left: Side | null; right: Side | null };

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function sideBySide(diff: string): Row[] {
  const rows: Row[] = [];
  let left = 0;
  let right = 0;
  let removed: Side[] = [];
  let added: Side[] = [];
  const flush = (): void => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      rows.push({ left: removed[i] ?? null, right: added[i] ?? null });
    }
    removed = [];
    added = [];
  };
  for (const line of diff.split('\n')) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      flush();
      left = Number(hunk[1]);
      right = Number(hunk[2]);
      rows.push({ hunk: line });
    } else if (line.startsWith('---') || line.startsWith('+++') || line.startsWith('\\') || rows.length === 0) {
      continue; // file headers, "\ No newline at end of file", anything before the first hunk
    } else if (line.startsWith('-')) {
      removed.push({ n: left++, text: line.slice(1), kind: 'removed' });
    } else if (line.startsWith('+')) {
      added.push({ n: right++, text: line.slice(1), kind: 'added' });
    } else if (line.startsWith(' ')) {
      flush();
      rows.push({ left: { n: left++, text: line.slice(1), kind: 'same' }, right: { n: right++, text: line.slice(1), kind: 'same' } });
    }
  }
  flush();
  return rows;
}
