/**
 * Before a snippet goes in: which of the names it reads no cell above it defines. The sidecar's own
 * JS102 (undefined name) on the notebook as it would be after the insert says so, so the check is
 * the one the deploy gate makes later. Plain TypeScript: unit-tested without JupyterLab.
 */
import { Finding } from './api';

/**
 * The undefined names JS102 finds in the inserted cells (indexes `at` to `at + count - 1`), each
 * once, read from the cell text at the finding's span.
 */
export function namesMissingAbove(findings: readonly Finding[], at: number, count: number, sources: readonly string[]): string[] {
  const names: string[] = [];
  for (const finding of findings) {
    if (finding.rule !== 'JS102' || finding.cell < at || finding.cell >= at + count || finding.line !== finding.endLine) {
      continue;
    }
    const line = (sources[finding.cell] ?? '').split('\n')[finding.line - 1] ?? '';
    const name = line.slice(finding.column - 1, finding.endColumn - 1);
    if (/^[A-Za-z_]\w*$/.test(name) && !names.includes(name)) {
      names.push(name);
    }
  }
  return names;
}
