/**
 * The lint panel: the active notebook's findings grouped by cell, each with severity, id, message
 * and place; a click goes to the cell and line; rule docs and safe fixes one click away; the
 * standard linter's findings marked as such; and a short message when the sidecar is not answering.
 */
import { Widget } from '@lumino/widgets';
import { Finding } from '../api';
import { CellGroup, countBySeverity, groupByCell, isStandard, summarize } from '../findings';
import { cellLabel } from '../cells';
import { h } from './dom';

export interface ILintPanelActions {
  select(finding: Finding): void;
  showDoc(rule: string): void;
  fix(finding: Finding): void;
  relint(): void;
}

export class LintPanel extends Widget {
  private readonly title_ = h('div', { className: 'jp-jupyship-lint-title' }, 'No notebook');
  private readonly status = h('div', { className: 'jp-jupyship-lint-status' });
  private readonly error = h('div', { className: 'jp-jupyship-alert', role: 'alert', hidden: true });
  private readonly list = h('div', { className: 'jp-jupyship-lint-list' });

  constructor(private readonly actions: ILintPanelActions) {
    super();
    this.id = 'jupyship-lint-panel';
    this.addClass('jp-jupyship-lint-panel');
    this.title.caption = 'jupyship lint';
    const relint = h('button', { className: 'jp-mod-styled jp-jupyship-relint', title: 'Lint again, with ruff', onclick: () => actions.relint() }, 'Lint');
    this.node.append(h('div', { className: 'jp-jupyship-lint-header' }, this.title_, relint), this.status, this.error, this.list);
  }

  showNotebook(path: string | null): void {
    this.title_.textContent = path ?? 'No notebook';
    // Never another notebook's findings under this one's name: clicking them would select unrelated cells.
    this.list.replaceChildren(h('p', { className: 'jp-jupyship-empty' }, path ? 'Linting…' : 'Open a notebook to see its findings.'));
    this.status.textContent = '';
    this.showError(null);
  }

  showBusy(text: string): void {
    this.status.textContent = text;
  }

  /** A short message in the panel (null clears it); findings already shown stay, marked stale. */
  showError(message: string | null): void {
    this.error.hidden = message === null;
    this.error.textContent = message ?? '';
    this.toggleClass('jp-jupyship-stale', message !== null);
  }

  showFindings(findings: readonly Finding[], notes: readonly string[], withStandard: boolean): void {
    this.showError(null);
    const counts = countBySeverity(findings);
    this.status.textContent = summarize(counts) + (withStandard ? '' : ' (ruff pending)');
    const groups = groupByCell(findings);
    const children: Node[] = groups.map(group => this.renderGroup(group));
    for (const note of notes) {
      children.push(h('p', { className: 'jp-jupyship-note' }, note));
    }
    if (!groups.length) {
      children.unshift(h('p', { className: 'jp-jupyship-empty' }, 'No findings.'));
    }
    this.list.replaceChildren(...children);
  }

  private renderGroup(group: CellGroup): HTMLElement {
    const heading =
      group.cell < 0
        ? 'Notebook'
        : h('a', { href: '#', className: 'jp-jupyship-cell-link', title: 'Go to the cell', onclick: (e: MouseEvent) => { e.preventDefault(); this.actions.select(group.findings[0]); } }, cellLabel(group.cell, true));
    return h(
      'section',
      { className: `jp-jupyship-group jp-jupyship-${group.worst}`, 'data-cell': group.cell },
      h('h3', { className: 'jp-jupyship-group-title' }, heading),
      ...group.findings.map(finding => this.renderFinding(finding))
    );
  }

  private renderFinding(finding: Finding): HTMLElement {
    const standard = isStandard(finding);
    const place = finding.cell < 0 ? '' : `${finding.line}:${finding.column}`;
    const row = h(
      'div',
      {
        className: `jp-jupyship-finding jp-jupyship-${finding.severity}${standard ? ' jp-jupyship-standard' : ''}`,
        'data-rule': finding.rule,
        title: 'Go to the cell and line',
        onclick: () => this.actions.select(finding)
      },
      h('span', { className: 'jp-jupyship-severity' }, finding.severity),
      h('span', { className: 'jp-jupyship-rule' }, finding.rule),
      standard ? h('span', { className: 'jp-jupyship-source', title: 'standard lint, not a jupyship rule' }, finding.source) : null,
      h('span', { className: 'jp-jupyship-place' }, place),
      h('span', { className: 'jp-jupyship-message' }, finding.message)
    );
    const tools = h('span', { className: 'jp-jupyship-tools' });
    if (!standard) {
      tools.append(h('button', { className: 'jp-jupyship-doc', title: `What ${finding.rule} finds and how to fix it`, onclick: (e: MouseEvent) => { e.stopPropagation(); this.actions.showDoc(finding.rule); } }, 'doc'));
    }
    if (finding.fixable) {
      tools.append(h('button', { className: 'jp-jupyship-fix', title: 'Apply the safe fix in the editor', onclick: (e: MouseEvent) => { e.stopPropagation(); this.actions.fix(finding); } }, 'fix'));
    }
    row.append(tools);
    return row;
  }
}
