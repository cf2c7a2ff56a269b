/**
 * One cell numbering for every view (lint panel, deploy gate, run failures, review notes): from 1,
 * counting every cell, markdown too, as people count down the notebook and as the CLI's lint report
 * and the sidecar's run failures do. The API's `cell` fields are 0-based indexes over all cells.
 */

/** "cell 4" for the cell at index 3; "Cell 4" at the start of a heading. */
export function cellLabel(index: number, capital = false): string {
  return `${capital ? 'Cell' : 'cell'} ${index + 1}`;
}
