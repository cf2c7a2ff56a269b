/**
 * Findings as editor diagnostics: a cell's findings turned into CodeMirror ranges (underlined,
 * with the rule and message on hover), for ours and ruff's alike. Plain TypeScript over the
 * document's line table: unit-tested without an editor.
 */
import { Finding } from './api';

/** What CodeMirror's Text gives: 1-based lines with their start and end offsets. */
export interface LineTable {
  readonly lines: number;
  line(n: number): { from: number; to: number };
}

export interface CellDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  source: string;
}

/**
 * The diagnostics of one cell's findings. Positions are 1-based lines and columns within the cell;
 * an empty span (a point) is widened to one character so it can be seen, and positions past the
 * text (it changed since the lint) are clamped to it.
 */
export function cellDiagnostics(findings: readonly Finding[], doc: LineTable): CellDiagnostic[] {
  const at = (line: number, column: number): number => {
    const row = doc.line(Math.min(Math.max(line, 1), doc.lines));
    return Math.min(row.from + Math.max(column, 1) - 1, row.to);
  };
  return findings
    .filter(f => !f.notebookLevel && f.cell >= 0)
    .map(f => {
      const from = at(f.line, f.column);
      let to = f.endLine > 0 ? at(f.endLine, f.endColumn) : from;
      if (to <= from) {
        to = Math.min(from + 1, doc.line(doc.lines).to);
      }
      return { from, to: Math.max(to, from), severity: f.severity, message: `${f.rule} ${f.message}`, source: f.source };
    });
}
