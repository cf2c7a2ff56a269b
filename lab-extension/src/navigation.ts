/**
 * Going to a cell: the one way every "cell N" link (lint panel, deploy gate, run failure) selects
 * a cell, scrolls to it and puts the cursor on a line.
 */
import { Cell } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';

/** Selects the cell at `index` (0-based over all cells) and puts the cursor at `line`:`column` (1-based). */
export async function revealCell(panel: NotebookPanel, index: number, line = 1, column = 1): Promise<void> {
  await panel.context.ready;
  const content = panel.content;
  if (index < 0 || index >= content.widgets.length) {
    return;
  }
  content.activeCellIndex = index;
  content.deselectAll();
  await content.scrollToItem(index, 'center');
  const cell: Cell = content.widgets[index];
  await cell.ready;
  if (cell.model.type === 'markdown') {
    (cell as unknown as { rendered: boolean }).rendered = false;
  }
  content.mode = 'edit';
  cell.editor?.setCursorPosition({ line: Math.max(0, line - 1), column: Math.max(0, column - 1) });
  cell.editor?.focus();
}
